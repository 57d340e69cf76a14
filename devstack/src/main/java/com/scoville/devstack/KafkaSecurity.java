package com.scoville.devstack;

import com.scoville.clients.KafkaCredentials;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Who may connect to an {@link EmbeddedKafka} and what each may do. Clients log in with SASL/SCRAM-SHA-256 on the client
 * listener; the broker logs in to itself and its peers as {@code admin} (SCRAM between brokers, PLAIN on the controller
 * listener, since SCRAM credentials live in the very metadata the controllers serve). Kafka's {@code StandardAuthorizer}
 * lets the super users do anything and everyone else only what an ACL grants.
 *
 * @param admin      the brokers' own user, a super user
 * @param superUsers further users allowed everything (the service: it is the Streams app and creates its topics)
 * @param users      further users, allowed only what {@code grants} says
 * @param grants     what the {@code users} may do
 */
public record KafkaSecurity(KafkaCredentials admin, List<KafkaCredentials> superUsers, List<KafkaCredentials> users,
                            List<Grant> grants) {

    public static final String ADMIN = "admin";
    public static final String SERVICE = "scoville";
    public static final String PARTNER = "partner";
    /** The one topic a partner writes. */
    public static final String ORDERS_TOPIC = "orders";
    /** Names and passwords go into Kafka's {@code --add-scram} syntax and JAAS lines unquoted: letters, digits, {@code . _ -} only. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9._-]{8,128}");

    /** One ACL: {@code user} may do {@code operations} on topic {@code topic}. */
    public record Grant(String user, String topic, Set<AclOperation> operations) {
        public Grant {
            operations = Set.copyOf(operations);
        }
    }

    public KafkaSecurity {
        superUsers = List.copyOf(superUsers);
        users = List.copyOf(users);
        grants = List.copyOf(grants);
        Stream.concat(Stream.of(admin), Stream.concat(superUsers.stream(), users.stream())).forEach(user -> {
            if (!SAFE_NAME.matcher(user.username()).matches() || !SAFE_PASSWORD.matcher(user.password()).matches()) {
                throw new IllegalArgumentException("Kafka user names here are 1 to 64, passwords 8 to 128, of A-Z a-z 0-9 . _ -: "
                        + user.username());
            }
        });
    }

    /**
     * The users of a cluster on this machine: {@code admin} (the brokers), {@code scoville} (the service, a super user)
     * and {@code partner}, who may write and describe {@code orders} (with an idempotent producer: WRITE on a topic
     * implies IDEMPOTENT_WRITE since Kafka 3.0) and nothing else.
     */
    public static KafkaSecurity localCluster(String adminPassword, String servicePassword, String partnerPassword) {
        return new KafkaSecurity(new KafkaCredentials(ADMIN, adminPassword),
                List.of(new KafkaCredentials(SERVICE, servicePassword)),
                List.of(new KafkaCredentials(PARTNER, partnerPassword)),
                List.of(new Grant(PARTNER, ORDERS_TOPIC, Set.of(AclOperation.WRITE, AclOperation.DESCRIBE))));
    }

    /** Every user, the admin first. */
    public List<KafkaCredentials> allUsers() {
        List<KafkaCredentials> all = new ArrayList<>();
        all.add(admin);
        all.addAll(superUsers);
        all.addAll(users);
        return all;
    }

    /** {@code super.users}: the admin and the other super users. */
    String superUsersProperty() {
        return String.join(";", Stream.concat(Stream.of(admin), superUsers.stream()).map(u -> "User:" + u.username()).toList());
    }

    /** The {@code Formatter}'s SCRAM arguments: every user, bootstrapped into the metadata when the folder is formatted. */
    List<String> scramArguments() {
        return allUsers().stream()
                .map(u -> KafkaCredentials.MECHANISM + "=[name=" + u.username() + ",password=" + u.password() + "]")
                .toList();
    }

    /** The ACLs of the grants, literal topic names, allowed from any host. */
    List<AclBinding> aclBindings() {
        return grants.stream().flatMap(grant -> grant.operations().stream().map(op -> new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, grant.topic(), PatternType.LITERAL),
                new AccessControlEntry("User:" + grant.user(), "*", op, AclPermissionType.ALLOW)))).toList();
    }
}
