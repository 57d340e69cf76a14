package com.scoville.http.webhooks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/scoville", "https://hooks.example.com:8443/a?b=c", "http://127.0.0.1:9000/hook",
            "http://localhost:9000/hook", "http://[::1]:9000/hook", "https://8.8.8.8/hook"})
    void shouldAcceptHttpsAndLoopbackHttpInDevelopment(String url) {
        assertThat(WebhookUrls.check(url, true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/scoville", "ftp://hooks.example.com/x", "file:///etc/passwd", "javascript:alert(1)",
            "gopher://127.0.0.1:6379/", "https://user:pass@hooks.example.com/", "https://hooks.example.com/#frag", "/relative/path",
            "https:///nohost", "https://10.0.0.8/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data",
            "https://0.0.0.0/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://224.0.0.1/hook", "not a url", "",
            "https://2130706433/hook", "https://0x7f000001/hook", "https://127.1/hook", "https://999.1.1.1/hook", "https://[::ffff:10.0.0.1]/hook"})
    void shouldRefuseOtherSchemesUserInfoFragmentsAndInnerNetworks(String url) {
        assertThat(WebhookUrls.check(url, true)).isPresent().get().extracting(v -> v.field()).isEqualTo("url");
    }

    @Test
    void shouldRefuseAnUrlLongerThanTheBound() {
        String url = "https://hooks.example.com/" + "a".repeat(WebhookUrls.MAX_LENGTH);

        assertThat(WebhookUrls.check(url, true)).isPresent();
        assertThat(WebhookUrls.check(null, true)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "https://localhost/hook", "https://127.0.0.2/hook", "https://[::1]/hook"})
    void shouldRefuseLoopbackWhenNotAllowed(String url) {
        assertThat(WebhookUrls.check(url, false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.64.0.1", "100.127.255.254", "0.1.2.3", "192.0.0.8", "198.18.0.1", "198.19.255.255", "240.0.0.1",
            "255.255.255.255", "::ffff:0a00:0001", "::ffff:169.254.169.254", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",
            "64:ff9b:1::8.8.8.8", "2002:a9fe:a9fe::1", "2002:7f00:1::", "2002:c0a8:0101::", "::10.0.0.1", "::169.254.169.254", "::7f00:1"})
    void shouldRefuseSharedReservedAndEmbeddedInnerAddresses(String address) throws Exception {
        // ::ffff:127.0.0.1 is loopback and allowed in development; every other one is refused even then
        boolean allowLoopback = !address.equals("::ffff:127.0.0.1");
        assertThat(WebhookUrls.refusal(InetAddress.getByName(address), allowLoopback)).as(address).isPresent();
        assertThat(WebhookUrls.refusal(InetAddress.getByName(address), false)).as(address).isPresent();
        String host = address.contains(":") ? "[" + address + "]" : address;
        assertThat(WebhookUrls.check("https://" + host + "/hook", false)).as(host).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.63.255.255", "100.128.0.1", "192.0.1.1", "198.17.0.1", "198.20.0.1", "64:ff9b::808:808",
            "2002:0808:0808::1", "::ffff:8.8.8.8", "2606:4700:4700::1111"})
    void shouldAcceptPublicAddressesAroundThoseRanges(String address) throws Exception {
        assertThat(WebhookUrls.refusal(InetAddress.getByName(address), false)).as(address).isEmpty();
    }

    @Test
    void shouldRefuseResolvedInnerAddressesAtDelivery() throws Exception {
        assertThat(WebhookUrls.refusal(InetAddress.getByName("10.1.2.3"), true)).isPresent();
        assertThat(WebhookUrls.refusal(InetAddress.getByName("169.254.169.254"), true)).isPresent();
        assertThat(WebhookUrls.refusal(InetAddress.getByName("127.0.0.1"), false)).isPresent();
        assertThat(WebhookUrls.refusal(InetAddress.getByName("127.0.0.1"), true)).isEmpty();
        assertThat(WebhookUrls.refusal(InetAddress.getByName("93.184.216.34"), false)).isEmpty();
    }
}
