package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import com.scoville.http.analytics.GraphiQlRoutes;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The owner's dashboard in a real headless Chromium (Debian's chromium and chromium-driver) on the real embedded
 * stack: the page shows what the API answers, and follows a new paid order by itself. With
 * {@code -Ddashboard.screenshot=PATH} it writes its screenshot there (docs/dashboard.png is made so).
 */
class DashboardIT extends SharedStack {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * Polls what the page shows until it holds. The page redraws its tables and figures as it polls the API: an element
     * found just before a redraw is gone when read (StaleElementReference), which is only a reason to look again.
     */
    private static ConditionFactory onThePage() {
        return await().pollInterval(POLL).atMost(PATIENCE).ignoreExceptionsInstanceOf(StaleElementReferenceException.class);
    }
    private static final String TODAY = """
            query($from: DateTime) {
              sales(window: DAY, from: $from) { revenueCents orders units }
              topProducts(window: DAY, limit: 10) { sku revenueCents }
            }""";
    private static final String INSIGHTS = """
            query($from: DateTime) {
              funnel(window: DAY, from: $from) { placed reserved paid cancelled }
              alerts(open: true) { id }
              segments(window: DAY) { segment customers }
            }""";

    @TempDir
    static Path browserProfile;
    static ChromeDriver browser;
    static long paidCount;

    @BeforeAll
    static void startBrowser() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("%s and %s (apt-get install chromium chromium-driver)", CHROMIUM, CHROMEDRIVER).isTrue();
        browser = chromium();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void shouldShowWhatTheApiAnswersAndFollowANewPaidOrder() throws IOException {
        // given a busy sale: several sauces over every channel, most paid, one refunded, one still unpaid, some ratings
        String screenshotPath = System.getProperty("dashboard.screenshot");
        placeABusySale(screenshotPath == null || screenshotPath.isBlank() ? 1 : 4);
        JsonNode today = today();
        long revenue = today.at("/sales/0/revenueCents").asLong();
        assertThat(revenue).isPositive();

        // when the owner opens the page, which asks for a sign-in first (the API wants an analyst's token)
        browser.get(service.httpUrl() + "/dashboard");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        onThePage().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("status")).getDomAttribute("data-state")).isEqualTo("signed-out");
            assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        });
        // and signs in with the development issuer's analytics client
        browser.findElement(By.id("client-id")).clear();
        browser.findElement(By.id("client-id")).sendKeys("analytics");
        browser.findElement(By.id("client-secret")).sendKeys(Http.DEV_SECRET);
        browser.findElement(By.id("sign-in-button")).click();

        // then it shows today's numbers as the API gives them, money as dollars
        onThePage().untilAsserted(() -> {
            WebElement shown = browser.findElement(By.id("revenue-today"));
            assertThat(shown.getDomAttribute("data-cents")).isEqualTo(String.valueOf(revenue));
            assertThat(shown.getText()).isEqualTo(dollars(revenue));
        });
        JsonNode now = today();
        assertThat(now.at("/sales/0/revenueCents").asLong()).as("nothing else moved the revenue").isEqualTo(revenue);
        onThePage().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("orders-today")).getDomAttribute("data-value")).isEqualTo(now.at("/sales/0/orders").asText());
            assertThat(browser.findElement(By.id("units-today")).getDomAttribute("data-value")).isEqualTo(now.at("/sales/0/units").asText());
            assertThat(browser.findElement(By.id("status")).getDomAttribute("data-state")).isEqualTo("ok");
        });
        // the top sauces in the API's order, each with its revenue
        onThePage().untilAsserted(() -> {
            List<WebElement> rows = browser.findElements(By.cssSelector("#top-products tbody tr[data-sku]"));
            assertThat(rows.stream().map(r -> r.getDomAttribute("data-sku")).toList()).isEqualTo(now.get("topProducts").findValuesAsText("sku"));
            assertThat(rows.get(0).findElement(By.cssSelector(".revenue")).getText()).isEqualTo(dollars(now.at("/topProducts/0/revenueCents").asLong()));
        });
        // the sauce nearly sold out is in the low-stock list with its stock, and the latest orders are listed
        onThePage().untilAsserted(() -> {
            int available = http.get("/v1/inventory/REAPER-100").body().get("available").asInt();
            WebElement reaper = browser.findElement(By.cssSelector("#low-stock tr[data-sku='REAPER-100']"));
            assertThat(reaper.findElement(By.cssSelector(".available")).getDomAttribute("data-value")).isEqualTo(String.valueOf(available));
            List<String> latest = browser.findElements(By.cssSelector("#latest-orders tbody tr[data-order-id]")).stream()
                    .map(r -> r.getDomAttribute("data-order-id")).toList();
            assertThat(latest).isEqualTo(http.get("/v1/orders?limit=10").body().get("items").findValuesAsText("orderId"));
        });
        assertThat(browser.findElements(By.cssSelector("#chart-minutes canvas"))).isNotEmpty();
        // what the owner acts on: today's funnel, the open alerts (the nearly sold-out sauce among them) and the segments
        onThePage().untilAsserted(() -> {
            JsonNode insights = insights();
            JsonNode funnel = insights.at("/funnel/0");
            for (String step : List.of("placed", "reserved", "paid", "cancelled")) {
                assertThat(browser.findElement(By.cssSelector("#funnel tr[data-step='" + step + "'] .orders")).getDomAttribute("data-value"))
                        .as(step).isEqualTo(funnel.get(step).asText());
            }
            assertThat(funnel.get("cancelled").asLong()).as("the refunded order").isPositive();
            List<String> alerts = browser.findElements(By.cssSelector("#open-alerts tbody tr[data-alert-id]")).stream()
                    .map(r -> r.getDomAttribute("data-alert-id")).toList();
            assertThat(alerts).containsExactlyInAnyOrderElementsOf(insights.get("alerts").findValuesAsText("id"));
            assertThat(alerts).anyMatch(id -> id.startsWith("SELLING_OUT:REAPER-100:"));
            for (JsonNode segment : insights.get("segments")) {
                assertThat(browser.findElement(By.cssSelector("#segments tr[data-segment='" + segment.get("segment").asText() + "'] .customers"))
                        .getDomAttribute("data-value")).isEqualTo(segment.get("customers").asText());
            }
        });

        // when a new order is paid
        JsonNode order = placeAndPay("c-" + UUID.randomUUID(), "WEB", "GHOST-250", 2);

        // then the page follows by itself to the API's new revenue
        long expected = revenue + order.get("totalCents").asLong();
        onThePage().untilAsserted(() ->
                assertThat(today().at("/sales/0/revenueCents").asLong()).isEqualTo(expected));
        onThePage().untilAsserted(() -> {
            WebElement shown = browser.findElement(By.id("revenue-today"));
            assertThat(shown.getDomAttribute("data-cents")).isEqualTo(String.valueOf(expected));
            assertThat(shown.getText()).isEqualTo(dollars(expected));
            assertThat(browser.findElement(By.cssSelector("#latest-orders tbody tr")).getDomAttribute("data-order-id"))
                    .isEqualTo(order.get("orderId").asText());
        });

        // and a screenshot of it can be kept
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        if (screenshotPath != null && !screenshotPath.isBlank()) {
            Path target = Path.of(screenshotPath);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.write(target, png);
        }
    }

    // ---------- helpers ----------

    /** Orders as a sale brings them, in {@code rounds} successive minutes so the charts show a trend. */
    @Test
    void shouldLoadTheSchemaIntoGraphiQlAndRunAQueryWithTheSignedInToken() {
        // given GraphiQL's page, opened without a token: it asks for a sign-in
        browser.get(service.httpUrl() + GraphiQlRoutes.PAGE_PATH);
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        onThePage().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("status")).getDomAttribute("data-state")).isEqualTo("signed-out");
            assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        });

        // when the analyst signs in with the development issuer's analytics client
        browser.findElement(By.id("client-id")).clear();
        browser.findElement(By.id("client-id")).sendKeys("analytics");
        browser.findElement(By.id("client-secret")).sendKeys(Http.DEV_SECRET);
        browser.findElement(By.id("sign-in-button")).click();

        // then GraphiQL loads the schema (by introspection), and its documentation explorer shows the queries
        onThePage().untilAsserted(() ->
                assertThat(browser.findElement(By.id("status")).getDomAttribute("data-state")).isEqualTo("ok"));
        browser.findElement(By.cssSelector("[aria-label='Show Documentation Explorer']")).click();
        onThePage().untilAsserted(() ->
                browser.findElement(By.xpath("//*[contains(@class,'graphiql-doc-explorer')]//a[normalize-space()='Query']")).click());
        onThePage().untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector(".graphiql-doc-explorer")).getText())
                        .contains("sales", "topProducts", "customers", "analyticsLagMillis", "SalesBucket"));

        // and its default query runs with the token, answering data (once the query editor holds it: GraphiQL makes its
        // editors after the page draws, and a run before that sends no query)
        onThePage().untilAsserted(() -> assertThat(browser.executeScript(
                "const e = document.querySelector('.graphiql-query-editor .CodeMirror'); return e && e.CodeMirror ? e.CodeMirror.getValue() : '';"))
                .asString().contains("analyticsLagMillis"));
        browser.findElement(By.cssSelector("button.graphiql-execute-button")).click();
        onThePage().untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector(".graphiql-response")).getText())
                        .contains("\"data\"", "\"analyticsLagMillis\"").doesNotContain("\"errors\""));
    }

    private static void placeABusySale(int rounds) {
        String[][] basket = {
                {"WEB", "GHOST-150", "2"}, {"MOBILE", "HABANERO-150", "1"}, {"WEB", "JALAPENO-150", "3"},
                {"POS", "CHIPOTLE-150", "1"}, {"WEB", "SRIRACHA-250", "2"}, {"MOBILE", "PEACH-HAB-150", "1"},
                {"WEB", "TRIO-STARTER", "1"}, {"POS", "VERDE-250", "2"}, {"WEB", "SCORPION-100", "1"}};
        for (int round = 0; round < rounds; round++) {
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            for (int i = 0; i <= round + 3 && i < basket.length; i++) {
                String[] b = basket[(i + round * 2) % basket.length];
                placeAndPay("c-" + UUID.randomUUID(), b[0], b[1], Integer.parseInt(b[2]));
            }
            if (round + 1 < rounds) {
                await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(70))
                        .until(() -> Instant.now().truncatedTo(ChronoUnit.MINUTES).isAfter(minute));
            }
        }
        String regular = "c-regular-" + UUID.randomUUID();
        placeAndPay(regular, "WEB", "GHOST-250", 1);
        placeAndPay(regular, "MOBILE", "INFERNO-PACK", 1);
        placeAndPay("c-" + UUID.randomUUID(), "WEB", "REAPER-100", 2);
        placeAndPay("c-" + UUID.randomUUID(), "MOBILE", "REAPER-100", 2);
        placeAndPay("partner-hot-shop", "WHOLESALE", "REAPER-100", 92);
        JsonNode refunded = placeAndPay("c-" + UUID.randomUUID(), "WEB", "HABANERO-250", 2);
        assertThat(http.put("/v1/orders/" + refunded.get("orderId").asText(), Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(200);
        place("c-" + UUID.randomUUID(), "MOBILE", "JALAPENO-250", 1);
        rate("GHOST-150", 5, 5);
        rate("GHOST-150", 4, 5);
        rate("JALAPENO-150", 4, 2);
        rate("SRIRACHA-250", 5, 2);
        rate("HABANERO-150", 3, 4);
        // every payment above is counted, less the refunded one
        long paidOrders = paidCount - 1;
        onThePage().untilAsserted(() ->
                assertThat(today().at("/sales/0/orders").asLong()).isEqualTo(paidOrders));
    }

    private static JsonNode insights() {
        Instant dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Http.Response r = http.post(AnalyticsGraphQlRoutes.PATH, Map.of("query", INSIGHTS, "variables", Map.of("from", dayStart.toString())), Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("errors").isMissingNode()).as("errors: %s", r.body()).isTrue();
        return r.body().get("data");
    }

    private static JsonNode today() {
        Instant dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Http.Response r = http.post(AnalyticsGraphQlRoutes.PATH, Map.of("query", TODAY, "variables", Map.of("from", dayStart.toString())), Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("errors").isMissingNode()).as("errors: %s", r.body()).isTrue();
        return r.body().get("data");
    }

    private static JsonNode place(String customerId, String channel, String sku, int quantity) {
        Http.Response placed = http.post("/v1/orders", Map.of("customerId", customerId, "channel", channel,
                        "lines", List.of(Map.of("sku", sku, "quantity", quantity)), "paymentToken", "tok_visa_123"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.status()).as("placing %s", placed.body()).isEqualTo(200);
        assertThat(placed.body().get("status").asText()).isEqualTo("RESERVED");
        return placed.body();
    }

    private static JsonNode placeAndPay(String customerId, String channel, String sku, int quantity) {
        JsonNode placed = place(customerId, channel, sku, quantity);
        Http.Response paid = http.put("/v1/orders/" + placed.get("orderId").asText(), Map.of("status", "PAID"), Http.freshKey());
        assertThat(paid.status()).as("paying %s", paid.body()).isEqualTo(200);
        paidCount++;
        return paid.body();
    }

    private static void rate(String sku, int taste, int heat) {
        Http.Response r = http.post("/v1/feedback", Map.of("customerId", "c-" + UUID.randomUUID(), "sku", sku, "taste", taste, "heat", heat), Http.freshKey());
        assertThat(r.status()).isEqualTo(202);
    }

    /** How the page writes integer cents: "$1,234.56". */
    private static String dollars(long cents) {
        long abs = Math.abs(cents);
        return (cents < 0 ? "-" : "") + "$" + String.format(Locale.US, "%,d", abs / 100) + "." + String.format(Locale.US, "%02d", abs % 100);
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + browserProfile.toAbsolutePath(), "--window-size=1440,2300", "--hide-scrollbars");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(browserProfile.toFile(), "chromedriver.log"))
                .build();
        try {
            return new ChromeDriver(driver, options);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Chromium did not start; see " + browserProfile.resolve("chromedriver.log"), e);
        }
    }
}
