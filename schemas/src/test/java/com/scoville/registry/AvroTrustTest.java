package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroTrustTest {

    @Test
    void shouldTrustGeneratedPackageWithoutSystemProperty() {
        // given no -Dorg.apache.avro.SERIALIZABLE_PACKAGES
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();

        // when
        AvroTrust.install();

        // then Avro may instantiate our generated classes
        assertThatCode(() -> ClassSecurityValidator.validate(Order.class)).doesNotThrowAnyException();
        assertThatCode(() -> ClassSecurityValidator.validate(OrderLine.class)).doesNotThrowAnyException();
    }

    @Test
    void shouldStillRefuseOtherPackages() {
        // when
        AvroTrust.install();

        // then a class outside the trusted package is refused as before
        assertThatThrownBy(() -> ClassSecurityValidator.validate(java.net.Socket.class)).isInstanceOf(SecurityException.class);
    }

    @Test
    void shouldInstallOnlyOnce() {
        // when installed twice
        AvroTrust.install();
        ClassSecurityValidator.ClassSecurityPredicate first = ClassSecurityValidator.getGlobal();
        AvroTrust.install();

        // then the second call changed nothing
        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(first);
    }
}
