package io.tenantry.billing.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.billing.StripeStub;
import io.tenantry.billing.events.EntitlementsChanged;
import io.tenantry.billing.events.SubscriptionChanged;
import io.tenantry.billing.events.SubscriptionRecovered;
import io.tenantry.billing.events.SubscriptionUnpaid;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tenantry.billing.BillingFixtures.client;
import static io.tenantry.billing.BillingFixtures.owner;
import static io.tenantry.billing.BillingFixtures.subscribed;
import static io.tenantry.billing.BillingFixtures.usageRecorded;
import static io.tenantry.billing.BillingFixtures.user;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A subscription through its life, with the clock moved by the test: upgrades prorated to the
 * cent, a yearly plan, a trial's end, a downgrade refused for usage and then scheduled, dunning
 * to UNPAID and back to ACTIVE on payment, cancellation at the period's end and at once with a
 * credit. Every tenant is created at a fixed instant: 2027-01-01, a 31-day month.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class, MutableClockConfiguration.class })
class SubscriptionLifecycleTests {

	static final Instant JANUARY = Instant.parse("2027-01-01T00:00:00Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MutableClock clock;

	@Autowired
	Subscriptions subscriptions;

	@Autowired
	BillingRun run;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void anUpgradeMidPeriodCreditsTheOldPlanAndChargesTheNewToTheCent() throws Exception {
		UUID tenant = tenantOn("BASIC");
		String id = subscriptionId(tenant);
		this.clock.set(JANUARY.plus(Duration.ofDays(10))); // 21 of 31 days left
		// 2900 * 21/31 = 1964.516 -> 1965 credited; 9900 * 21/31 = 6706.452 -> 6706 charged
		as(tenant, "BILLING_ADMIN", get("/api/billing/subscriptions/" + id + "/preview?plan=PROFESSIONAL"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.change").value("UPGRADE"))
			.andExpect(jsonPath("$.lines[*].amount").value(contains(-1965, 6706)))
			.andExpect(jsonPath("$.total").value(4741))
			.andExpect(jsonPath("$.amountDue").value(4741));
		assertThat(invoices(tenant)).hasSize(1); // the preview changed nothing
		change(tenant, id, "{\"plan\":\"PROFESSIONAL\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.currentPeriodStart").value(JANUARY.toString()));
		assertThat(invoices(tenant)).containsExactly("PERIOD 2900 2900", "PRORATION 4741 4741");
		assertThat(owner().queryForList("""
				select amount from invoice_line l join invoice i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
				where l.tenant_id = ? and i.kind = 'PRORATION' order by position""", Long.class, tenant))
			.containsExactly(-1965L, 6706L);
		assertThat(lastEvent(tenant, EntitlementsChanged.TYPE, "$.data.plan")).isEqualTo("PROFESSIONAL");
		assertThat(lastEvent(tenant, SubscriptionChanged.TYPE, "$.data.change")).isEqualTo("UPGRADED");

		this.clock.set(Instant.parse("2027-02-01T00:00:01Z"));
		renew(tenant);
		assertThat(invoices(tenant)).containsExactly("PERIOD 2900 2900", "PRORATION 4741 4741", "PERIOD 9900 9900");
	}

	@Test
	void apiCallsOverThePlansIncludedAmountAreInvoicedInArrearsOnTheNextPeriodsInvoice() throws Exception {
		UUID tenant = tenantOn("BASIC");
		UUID under = tenantOn("BASIC");
		// BASIC includes 100,000 API calls a month; past them, 50 cents per started 10,000
		for (long calls : new long[] { 60_000, 65_001 }) {
			this.kafka.send(Topics.USAGE, tenant.toString(), usageRecorded(UUID.randomUUID(), tenant, "api_calls", calls,
					JANUARY.plus(Duration.ofDays(10))));
		}
		this.kafka.send(Topics.USAGE, under.toString(), usageRecorded(UUID.randomUUID(), under, "api_calls", 100_000,
				JANUARY.plus(Duration.ofDays(10))));
		// and calls after the period's end are the next period's
		this.kafka.send(Topics.USAGE, tenant.toString(), usageRecorded(UUID.randomUUID(), tenant, "api_calls", 70_000,
				Instant.parse("2027-02-01T00:00:01Z")));
		await().atMost(Duration.ofSeconds(20)).until(() -> owner().queryForObject(
				"select count(*) from usage_record where tenant_id in (?, ?)", Long.class, tenant, under) == 4);
		this.clock.set(Instant.parse("2027-02-01T00:00:05Z"));
		renew(tenant);
		renew(under);
		// 25,001 over: 3 blocks of 10,000 at 50 cents
		assertThat(invoices(tenant)).containsExactly("PERIOD 2900 2900", "PERIOD 3050 3050");
		assertThat(owner().queryForList("""
				select l.description || ' ' || l.quantity || 'x' || l.unit_amount || '=' || l.amount
				from invoice_line l join invoice i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
				where l.tenant_id = ? and i.period_start = '2027-02-01T00:00:00Z' order by l.position""", String.class,
				tenant))
			.containsExactly("BASIC plan (monthly), 2027-02-01 to 2027-03-01 1x2900=2900",
					"api_calls over the 100,000 included: 25,001, in blocks of 10,000 3x50=150");
		assertThat(invoices(under)).containsExactly("PERIOD 2900 2900", "PERIOD 2900 2900");
	}

	@Test
	void aYearlyPlanStartsANewPeriodAtTheYearlyPriceAndRenewsAfterAYear() throws Exception {
		UUID tenant = tenantOn("PROFESSIONAL");
		String id = subscriptionId(tenant);
		this.clock.set(JANUARY.plus(Duration.ofDays(10)));
		change(tenant, id, "{\"plan\":\"PROFESSIONAL\",\"interval\":\"YEARLY\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.interval").value("YEARLY"))
			.andExpect(jsonPath("$.amountPerPeriod").value(99000))
			.andExpect(jsonPath("$.currentPeriodStart").value("2027-01-11T00:00:00Z"))
			.andExpect(jsonPath("$.currentPeriodEnd").value("2028-01-11T00:00:00Z"));
		// 99000 for the year, less 9900 * 21/31 = 6706 unused of January's month
		assertThat(invoices(tenant)).containsExactly("PERIOD 9900 9900", "PRORATION 92294 92294");
		this.clock.set(Instant.parse("2027-06-01T00:00:00Z"));
		renew(tenant);
		assertThat(invoices(tenant)).hasSize(2);
		this.clock.set(Instant.parse("2028-01-11T00:00:00Z"));
		renew(tenant);
		assertThat(invoices(tenant)).containsExactly("PERIOD 9900 9900", "PRORATION 92294 92294",
				"PERIOD 99000 99000");
	}

	@Test
	void aTrialIsNotInvoicedUntilItEndsAndIsGrantedOnce() throws Exception {
		UUID tenant = tenantOn("BASIC");
		cancel(tenant, subscriptionId(tenant), true).andExpect(status().isOk());
		as(tenant, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"PROFESSIONAL\",\"interval\":\"MONTHLY\",\"trial\":true}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("TRIALING"))
			.andExpect(jsonPath("$.trialEnd").value("2027-01-15T00:00:00Z"));
		int before = invoices(tenant).size();
		this.clock.set(Instant.parse("2027-01-14T23:59:59Z"));
		renew(tenant);
		assertThat(invoices(tenant)).hasSize(before);
		this.clock.set(Instant.parse("2027-01-15T00:00:00Z"));
		renew(tenant);
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.trialEnd").doesNotExist())
			.andExpect(jsonPath("$.currentPeriodEnd").value("2027-02-15T00:00:00Z"));
		assertThat(invoices(tenant).get(before)).isEqualTo("PERIOD 9900 9900");

		cancel(tenant, subscriptionId(tenant), true).andExpect(status().isOk());
		as(tenant, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"BASIC\",\"trial\":true}")).andExpect(status().isConflict());
		as(tenant, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"BASIC\"}")).andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("ACTIVE"));
		as(tenant, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"BASIC\"}")).andExpect(status().isConflict());
	}

	@Test
	void aDowngradeIsRefusedWhileTheTenantUsesMoreThanTheNewPlanAllowsAndTakesEffectAtThePeriodsEnd()
			throws Exception {
		UUID tenant = tenantOn("PROFESSIONAL");
		String id = subscriptionId(tenant);
		report(tenant, "projects", 7, "projects-7");
		report(tenant, "storage_bytes", 2_000_000_000L, "storage-2g");
		change(tenant, id, "{\"plan\":\"BASIC\"}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.violations[*].metric").value(contains("projects", "storage_bytes")))
			.andExpect(jsonPath("$.violations[0].limit").value(5))
			.andExpect(jsonPath("$.violations[0].used").value(7));
		report(tenant, "projects", 3, "projects-3");
		report(tenant, "storage_bytes", 500_000_000L, "storage-500m");
		change(tenant, id, "{\"plan\":\"BASIC\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.scheduledPlan").value("BASIC"));
		this.clock.set(Instant.parse("2027-02-01T00:00:00Z"));
		renew(tenant);
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.scheduledPlan").doesNotExist());
		assertThat(invoices(tenant)).containsExactly("PERIOD 9900 9900", "PERIOD 2900 2900");
		assertThat(lastEvent(tenant, EntitlementsChanged.TYPE, "$.data.plan")).isEqualTo("BASIC");
	}

	@Test
	void failedPaymentsEndInUnpaidAndPayingMakesTheSubscriptionActiveAgain() throws Exception {
		UUID tenant = tenantOn("PROFESSIONAL");
		as(tenant, "OWNER", put("/api/billing/subscription/payment-method").contentType(MediaType.APPLICATION_JSON)
			.content("{\"paymentMethodId\":\"pm_card_chargeDeclined\"}")).andExpect(status().isOk());
		String invoice = owner().queryForObject("select id::text from invoice where tenant_id = ?", String.class,
				tenant);
		for (Duration wait : List.of(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5))) {
			this.clock.advance(wait.plusSeconds(1));
			this.run.collectDue();
		}
		assertThat(owner().queryForObject("select payment_attempts from invoice where id = ?::uuid", Integer.class,
				invoice)).isEqualTo(4);
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("UNPAID"));
		assertThat(lastEvent(tenant, SubscriptionUnpaid.TYPE, "$.data.invoiceId")).isEqualTo(invoice);

		as(tenant, "OWNER", put("/api/billing/subscription/payment-method").contentType(MediaType.APPLICATION_JSON)
			.content("{\"paymentMethodId\":\"pm_card_visa\"}")).andExpect(status().isOk());
		as(tenant, "BILLING_ADMIN", post("/api/billing/invoices/" + invoice + "/payment")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PAID"));
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("ACTIVE"));
		assertThat(lastEvent(tenant, SubscriptionRecovered.TYPE, "$.data.previousStatus")).isEqualTo("UNPAID");
	}

	@Test
	void aCancellationEndsTheSubscriptionAtThePeriodsEndOrNowWithTheUnusedTimeCredited() throws Exception {
		UUID tenant = tenantOn("PROFESSIONAL");
		String id = subscriptionId(tenant);
		cancel(tenant, id, false).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.cancelAtPeriodEnd").value(true));
		change(tenant, id, "{\"plan\":\"PROFESSIONAL\"}").andExpect(jsonPath("$.cancelAtPeriodEnd").value(false));
		cancel(tenant, id, false).andExpect(status().isOk());
		this.clock.set(Instant.parse("2027-02-01T00:00:00Z"));
		renew(tenant);
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("CANCELED"));
		assertThat(invoices(tenant)).hasSize(1);

		UUID paid = tenantOn("PROFESSIONAL");
		owner().update("update invoice set status = 'PAID', paid_at = now(), next_payment_attempt_at = null "
				+ "where tenant_id = ?", paid);
		this.clock.set(JANUARY.plus(Duration.ofDays(10)));
		cancel(paid, subscriptionId(paid), true).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CANCELED"))
			.andExpect(jsonPath("$.creditBalance").value(6706));
		assertThat(invoices(paid)).containsExactly("PERIOD 9900 9900", "CREDIT_NOTE -6706 0");
		as(paid, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"PROFESSIONAL\"}")).andExpect(status().isCreated())
			.andExpect(jsonPath("$.creditBalance").value(0));
		assertThat(invoices(paid)).last().isEqualTo("PERIOD 9900 3194");

		UUID open = tenantOn("BASIC");
		this.clock.set(JANUARY.plus(Duration.ofDays(10)));
		cancel(open, subscriptionId(open), true).andExpect(status().isOk());
		// the open period invoice is voided; 2900 - 1965 unused = 935 for the ten days used
		assertThat(owner().queryForList("select kind || ' ' || status || ' ' || amount_due from invoice "
				+ "where tenant_id = ? order by issued_at, number", String.class, open))
			.containsExactly("PERIOD VOID 2900", "PRORATION OPEN 935");
		cancel(open, subscriptionId(open), true).andExpect(status().isConflict());
	}

	@Test
	void onlyOwnersAndBillingAdminsChangeAndNobodyReachesAnotherTenantsSubscription() throws Exception {
		UUID tenant = tenantOn("BASIC");
		UUID other = tenantOn("BASIC");
		String id = subscriptionId(tenant);
		as(tenant, "ADMIN", get("/api/billing/subscriptions/" + id)).andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(id));
		as(tenant, "ADMIN", put("/api/billing/subscriptions/" + id).contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"PROFESSIONAL\"}")).andExpect(status().isForbidden());
		as(tenant, "MEMBER", get("/api/billing/subscriptions/" + id)).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/billing/subscriptions").header("Authorization",
				"Bearer " + client(tenant, List.of("MEMBER"), "billing:read"))).andExpect(status().isForbidden());
		for (MockHttpServletRequestBuilder request : List.of(get("/api/billing/subscriptions/" + id),
				get("/api/billing/subscriptions/" + id + "/preview?plan=ENTERPRISE"),
				put("/api/billing/subscriptions/" + id).contentType(MediaType.APPLICATION_JSON)
					.content("{\"plan\":\"ENTERPRISE\"}"),
				delete("/api/billing/subscriptions/" + id + "?immediately=true"))) {
			as(other, "OWNER", request).andExpect(status().isNotFound());
		}
		as(tenant, "ADMIN", get("/api/billing/subscription")).andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.status").value("ACTIVE"));
		change(tenant, id, "{\"plan\":\"GOLD\",\"interval\":\"WEEKLY\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(contains("plan", "interval")));
		change(tenant, id, "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("plan"));
		as(tenant, "OWNER", post("/api/billing/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"plan\":\"BASIC\",\"paymentMethodId\":\"4242\"}")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
	}

	@Test
	void theSubscriptionEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.BILLING)).contains(SubscriptionChanged.TYPE,
				SubscriptionUnpaid.TYPE, SubscriptionRecovered.TYPE);
	}

	private UUID tenantOn(String plan) {
		this.clock.set(JANUARY);
		return subscribed(this.kafka, plan);
	}

	private void renew(UUID tenant) {
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> this.subscriptions.renew(tenant)));
	}

	private ResultActions change(UUID tenant, String id, String body) throws Exception {
		return as(tenant, "OWNER", put("/api/billing/subscriptions/" + id).contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	private ResultActions cancel(UUID tenant, String id, boolean immediately) throws Exception {
		return as(tenant, "BILLING_ADMIN", delete("/api/billing/subscriptions/" + id + "?immediately=" + immediately));
	}

	private void report(UUID tenant, String metric, long quantity, String key) throws Exception {
		this.mvc.perform(post("/api/billing/usage")
			.header("Authorization", "Bearer " + client(tenant, List.of(), "usage:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"metric\":\"%s\",\"quantity\":%d,\"idempotencyKey\":\"%s\"}".formatted(metric, quantity, key)))
			.andExpect(status().isOk());
	}

	private ResultActions as(UUID tenant, String role, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.header("Authorization", "Bearer " + user(tenant, role)));
	}

	private static String subscriptionId(UUID tenant) {
		return owner().queryForObject("select id::text from subscription where tenant_id = ?", String.class, tenant);
	}

	/** Each invoice as "kind total amountDue", oldest first. */
	private static List<String> invoices(UUID tenant) {
		return owner().queryForList("select kind || ' ' || total || ' ' || amount_due from invoice where tenant_id = ? "
				+ "order by issued_at, number", String.class, tenant);
	}

	private static String lastEvent(UUID tenant, String type, String path) {
		List<String> payloads = owner().queryForList(
				"select payload from event_outbox where tenant_id = ? and event_type = ? order by id", String.class,
				tenant, type);
		assertThat(payloads).as(type).isNotEmpty();
		return JsonPath.read(payloads.get(payloads.size() - 1), path);
	}

}
