package com.scoville.http.webhooks;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void shouldSignTheStandardWebhooksExampleAsTheSpecificationDoes() {
        // given the example of the Standard Webhooks specification
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

        // when it is signed
        String signature = WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        // then the signature is the specification's
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldSignAnythingChangedDifferently() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String original = WebhookSignature.sign(secret, "msg_1", 1614265330, "{\"a\":1}");

        assertThat(WebhookSignature.sign(secret, "msg_2", 1614265330, "{\"a\":1}")).isNotEqualTo(original);
        assertThat(WebhookSignature.sign(secret, "msg_1", 1614265331, "{\"a\":1}")).isNotEqualTo(original);
        assertThat(WebhookSignature.sign(secret, "msg_1", 1614265330, "{\"a\":2}")).isNotEqualTo(original);
    }

    @Test
    void shouldMakeFreshSecretsOfThirtyTwoRandomBytesInTheWhsecForm() {
        SecureRandom random = new SecureRandom();

        String first = WebhookSignature.newSecret(random);
        String second = WebhookSignature.newSecret(random);

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length()))).hasSize(32);
    }
}
