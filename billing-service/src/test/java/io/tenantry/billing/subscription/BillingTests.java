package io.tenantry.billing.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.billing.BillingFixtures;
import io.tenantry.billing.StripeStub;
import io.tenantry.billing.events.EntitlementsChanged;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.payment.WebhookSignature;
import io.tenantry.billing.events.InvoiceIssued;
import io.tenantry.billing.events.InvoicePaid;
import io.tenantry.billing.events.InvoicePaymentFailed;
import io.tenantry.billing.events.OperatorAccess;
import io.tenantry.billing.events.PaymentMethodUpdated;
import io.tenantry.billing.events.SubscriptionCanceled;
import io.tenantry.billing.events.SubscriptionStarted;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Subscriptions follow tenant-service's events; each period is invoiced when it starts and
 * charged through Stripe (a local stand-in for its API); failures are retried on schedule;
 * the tenant's owners and billing admins see and pay their invoices, and nobody from another
 * tenant does.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class BillingTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MeterRegistry meters;

	@Autowired
	BillingRun run;

	@Autowired
	SubscriptionMetrics metrics;

	@Autowired
	PlanCatalogue catalogue;

	@Test
	void aNewTenantIsSubscribedToItsPlanAndInvoicedForItsFirstPeriod() throws Exception {
		double issued = counter("tenantry.billing.invoices.issued", "plan", "PROFESSIONAL");
		UUID tenant = created("PROFESSIONAL");
		reader(tenant, get("/api/billing/subscription")).andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.currency").value("usd"))
			.andExpect(jsonPath("$.amountPerPeriod").value(9900))
			.andExpect(jsonPath("$.planVersion").isNumber())
			.andExpect(jsonPath("$.period").value("P1M"))
			.andExpect(jsonPath("$.paymentMethodId").doesNotExist());
		String invoices = reader(tenant, get("/api/billing/invoices")).andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].number").value("INV-000001"))
			.andExpect(jsonPath("$.items[0].status").value("OPEN"))
			.andExpect(jsonPath("$.items[0].plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.items[0].amountDue").value(9900))
			.andExpect(jsonPath("$.items[0].paymentAttempts").value(0))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String subscription = reader(tenant, get("/api/billing/subscription")).andReturn()
			.getResponse()
			.getContentAsString();
		assertThat((String) JsonPath.read(invoices, "$.items[0].periodStart"))
			.isEqualTo(JsonPath.read(subscription, "$.currentPeriodStart"));
		assertThat((String) JsonPath.read(invoices, "$.items[0].periodEnd"))
			.isEqualTo(JsonPath.read(subscription, "$.currentPeriodEnd"));
		assertThat(eventTypes(tenant)).containsExactly(SubscriptionStarted.TYPE, EntitlementsChanged.TYPE,
				InvoiceIssued.TYPE);
		String event = owner().queryForObject("select payload from event_outbox where tenant_id = ? and event_type = ?",
				String.class, tenant, InvoiceIssued.TYPE);
		assertThat((Integer) JsonPath.read(event, "$.data.amountDue")).isEqualTo(9900);
		assertThat((String) JsonPath.read(event, "$.data.number")).isEqualTo("INV-000001");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> counter("tenantry.billing.invoices.issued", "plan", "PROFESSIONAL") == issued + 1);
	}

	@Test
	void aFreePlanIsInvoicedAtZeroAndPaidWithoutACharge() throws Exception {
		UUID tenant;
		BillingFixtures.addVersion(this.catalogue, "BASIC", 0, 0);
		try {
			tenant = created("BASIC");
		}
		finally {
			BillingFixtures.addVersion(this.catalogue, "BASIC", 2900, 29000);
		}
		reader(tenant, get("/api/billing/invoices")).andExpect(jsonPath("$.items[0].status").value("PAID"))
			.andExpect(jsonPath("$.items[0].amountDue").value(0))
			.andExpect(jsonPath("$.items[0].paidAt").isNotEmpty())
			.andExpect(jsonPath("$.items[0].nextPaymentAttemptAt").doesNotExist());
		assertThat(eventTypes(tenant)).containsExactly(SubscriptionStarted.TYPE, EntitlementsChanged.TYPE,
				InvoiceIssued.TYPE, InvoicePaid.TYPE);
		this.run.collectDue();
		assertThat(StripeStub.requests("/v1/payment_intents", tenant.toString())).isEmpty();
	}

	@Test
	void aRedeliveredTenantCreatedStartsOneSubscription() {
		UUID tenant = UUID.randomUUID();
		String event = tenantCreated(tenant, UUID.randomUUID(), "ENTERPRISE");
		for (int i = 0; i < 3; i++) {
			this.kafka.send(Topics.TENANT, tenant.toString(), event);
		}
		awaitInvoices(tenant, 1);
		UUID other = created("BASIC"); // sent after the copies: once it is handled, so are they
		awaitInvoices(other, 1);
		assertThat(owner().queryForObject("select count(*) from invoice where tenant_id = ?", Long.class, tenant))
			.isOne();
		assertThat(eventTypes(tenant)).containsExactly(SubscriptionStarted.TYPE, EntitlementsChanged.TYPE,
				InvoiceIssued.TYPE);
	}

	@Test
	void aSavedCardPaysTheInvoiceOnceThroughStripe() throws Exception {
		double paid = counter("tenantry.billing.invoices.paid", "plan", "PROFESSIONAL");
		UUID tenant = created("PROFESSIONAL");
		savePaymentMethod(tenant, "pm_card_visa").andExpect(status().isOk())
			.andExpect(jsonPath("$.paymentMethodId").value("pm_card_visa"));
		assertThat(StripeStub.requests("/v1/customers", "metadata%5Btenant_id%5D=" + tenant)).hasSize(1);
		String invoice = invoiceId(tenant);
		this.run.collectDue();
		reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.status").value("PAID"))
			.andExpect(jsonPath("$.paymentId").value("pi_local_paid"))
			.andExpect(jsonPath("$.paymentAttempts").value(1))
			.andExpect(jsonPath("$.nextPaymentAttemptAt").doesNotExist());
		List<LoggedRequest> charges = StripeStub.requests("/v1/payment_intents", invoice);
		assertThat(charges).hasSize(1);
		assertThat(charges.get(0).getBodyAsString()).contains("amount=9900", "currency=usd",
				"customer=cus_local_stub", "payment_method=pm_card_visa");
		assertThat(charges.get(0).getHeader("Idempotency-Key")).isEqualTo("invoice-" + invoice + "-1-pm_card_visa");
		assertThat(eventTypes(tenant)).contains(PaymentMethodUpdated.TYPE, InvoicePaid.TYPE);
		assertThat(counter("tenantry.billing.invoices.paid", "plan", "PROFESSIONAL")).isEqualTo(paid + 1);

		this.run.collectDue();
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).hasSize(1);
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aDeclinedPaymentMakesThePlanPastDueAndIsRetriedOnScheduleUntilPaid() throws Exception {
		double declined = counter("tenantry.billing.payments.failed", "reason", "declined");
		UUID tenant = created("ENTERPRISE");
		savePaymentMethod(tenant, "pm_card_chargeDeclined").andExpect(status().isOk());
		String invoice = invoiceId(tenant);
		Instant before = Instant.now();
		this.run.collectDue();
		String failed = reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.status").value("OPEN"))
			.andExpect(jsonPath("$.paymentAttempts").value(1))
			.andExpect(jsonPath("$.lastPaymentError").value("Your card was declined. (generic_decline)"))
			.andExpect(jsonPath("$.paymentId").value("pi_local_declined"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Instant next = Instant.parse(JsonPath.read(failed, "$.nextPaymentAttemptAt"));
		assertThat(next).isBetween(before.plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("PAST_DUE"));
		assertThat(counter("tenantry.billing.payments.failed", "reason", "declined")).isEqualTo(declined + 1);
		String event = owner().queryForObject("select payload from event_outbox where tenant_id = ? and event_type = ?",
				String.class, tenant, InvoicePaymentFailed.TYPE);
		assertThat((String) JsonPath.read(event, "$.data.reason")).isEqualTo("DECLINED");
		assertThat((Integer) JsonPath.read(event, "$.data.attempt")).isEqualTo(1);

		this.run.collectDue(); // not due again for a day
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).hasSize(1);

		owner().update("update invoice set next_payment_attempt_at = now() - interval '1 second' where id = ?::uuid",
				invoice);
		this.run.collectDue(); // the retry a day later: declined again, then three days later
		reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.paymentAttempts").value(2));
		Instant third = owner().queryForObject("select next_payment_attempt_at from invoice where id = ?::uuid",
				java.sql.Timestamp.class, invoice).toInstant();
		assertThat(third).isAfter(Instant.now().plus(Duration.ofDays(2)));
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).extracting((r) -> r.getHeader("Idempotency-Key"))
			.containsExactlyInAnyOrder("invoice-" + invoice + "-1-pm_card_chargeDeclined",
					"invoice-" + invoice + "-2-pm_card_chargeDeclined");

		savePaymentMethod(tenant, "pm_card_visa").andExpect(status().isOk());
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PAID"))
			.andExpect(jsonPath("$.paymentAttempts").value(3))
			.andExpect(jsonPath("$.lastPaymentError").doesNotExist());
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("ACTIVE"));
	}

	@Test
	void withoutAUsablePaymentMethodTheAttemptFailsForANamedReason() throws Exception {
		this.run.collectDue(); // other tests' tenants' open invoices: attempted now, not counted below
		double none = counter("tenantry.billing.payments.failed", "reason", "no_payment_method");
		double outage = counter("tenantry.billing.payments.failed", "reason", "provider_error");
		double authentication = counter("tenantry.billing.payments.failed", "reason", "authentication_required");
		UUID tenant = created("PROFESSIONAL");
		String invoice = invoiceId(tenant);
		this.run.collectDue();
		reader(tenant, get("/api/billing/invoices/" + invoice))
			.andExpect(jsonPath("$.lastPaymentError").value("No payment method is saved"));
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).isEmpty();
		assertThat(counter("tenantry.billing.payments.failed", "reason", "no_payment_method")).isEqualTo(none + 1);

		savePaymentMethod(tenant, "pm_card_providerDown").andExpect(status().isOk());
		Instant before = Instant.now();
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("OPEN"))
			.andExpect(jsonPath("$.lastPaymentError").value("An unknown error occurred"));
		assertThat(counter("tenantry.billing.payments.failed", "reason", "provider_error")).isEqualTo(outage + 1);
		// a provider error is tried again soon, as the same charge: the first may have gone through
		Instant next = owner().queryForObject("select next_payment_attempt_at from invoice where id = ?::uuid",
				java.sql.Timestamp.class, invoice).toInstant();
		assertThat(next).isBetween(before.plus(Duration.ofMinutes(15)), Instant.now().plus(Duration.ofMinutes(15)));
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isOk());
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).extracting((r) -> r.getHeader("Idempotency-Key"))
			.containsExactly("invoice-" + invoice + "-2-pm_card_providerDown",
					"invoice-" + invoice + "-2-pm_card_providerDown");

		savePaymentMethod(tenant, "pm_card_authenticationRequired").andExpect(status().isOk());
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("OPEN"));
		assertThat(counter("tenantry.billing.payments.failed", "reason", "authentication_required"))
			.isEqualTo(authentication + 1);
	}

	@Test
	void anAttemptInFlightIsNotRepeatedAndAnInterruptedOneIsRetriedAsTheSameCharge() throws Exception {
		UUID tenant = created("PROFESSIONAL");
		savePaymentMethod(tenant, "pm_card_visa").andExpect(status().isOk());
		String invoice = invoiceId(tenant);
		// as if an instance had claimed the attempt and was waiting on Stripe
		owner().update("update invoice set payment_attempts = 1, attempt_started_at = now() where id = ?::uuid",
				invoice);
		owner(tenant, post("/api/billing/invoices/" + invoice + "/pay")).andExpect(status().isConflict());
		this.run.collectDue();
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).isEmpty();

		// that instance died before recording the outcome: past the lease the attempt is made again
		owner().update("update invoice set attempt_started_at = now() - interval '11 minutes' where id = ?::uuid",
				invoice);
		this.run.collectDue();
		reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.status").value("PAID"))
			.andExpect(jsonPath("$.paymentAttempts").value(2));
		assertThat(StripeStub.requests("/v1/payment_intents", invoice)).extracting((r) -> r.getHeader("Idempotency-Key"))
			.containsExactly("invoice-" + invoice + "-1-pm_card_visa");
	}

	@Test
	void aPaymentStripeConfirmsLaterPaysTheInvoiceOnceAndForgedNotificationsChangeNothing() throws Exception {
		UUID tenant = created("PROFESSIONAL");
		UUID other = created("ENTERPRISE");
		savePaymentMethod(tenant, "pm_card_authenticationRequired").andExpect(status().isOk());
		String invoice = invoiceId(tenant);
		this.run.collectDue(); // the off-session attempt needs the customer to authenticate
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("PAST_DUE"));
		String event = paymentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""), tenant, invoice);
		long now = Instant.now().getEpochSecond();

		webhook(event, signature(event, "whsec_someone_else", now)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("Stripe-Signature"));
		webhook(event, signature(event, WEBHOOK_SECRET, now - 600)).andExpect(status().isBadRequest());
		webhook(event.replace("pi_local_3ds", "pi_forged"), signature(event, WEBHOOK_SECRET, now))
			.andExpect(status().isBadRequest());
		this.mvc.perform(post("/api/billing/webhooks/stripe").contentType(MediaType.APPLICATION_JSON).content(event))
			.andExpect(status().isBadRequest());
		reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.status").value("OPEN"));

		webhook(event, signature(event, WEBHOOK_SECRET, now)).andExpect(status().isOk());
		reader(tenant, get("/api/billing/invoices/" + invoice)).andExpect(jsonPath("$.status").value("PAID"))
			.andExpect(jsonPath("$.paymentId").value("pi_local_3ds"));
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("ACTIVE"));
		webhook(event, signature(event, WEBHOOK_SECRET, now)).andExpect(status().isOk()); // delivered again
		String again = paymentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""), tenant, invoice);
		webhook(again, signature(again, WEBHOOK_SECRET, now)).andExpect(status().isOk()); // another of the same payment
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, tenant, InvoicePaid.TYPE)).isOne();

		// a notification naming this tenant with another tenant's invoice pays nothing
		String otherInvoice = invoiceId(other);
		String crossed = paymentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""), tenant, otherInvoice);
		webhook(crossed, signature(crossed, WEBHOOK_SECRET, now)).andExpect(status().isOk());
		assertThat(owner().queryForObject("select status from invoice where id = ?::uuid", String.class, otherInvoice))
			.isEqualTo("OPEN");
	}

	@Test
	void theNextPeriodIsInvoicedWhenTheCurrentEndsAtThePlanThenInForce() throws Exception {
		UUID tenant = created("BASIC");
		// tenant-service's plan is a copy of billing's: its events change the buyer's name, never the plan
		this.kafka.send(Topics.TENANT, tenant.toString(),
				tenantUpdated(tenant, "ENTERPRISE", "plan\",\"name").replace("\"name\":\"Tenant\"", "\"name\":\"Renamed Ltd\""));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "Renamed Ltd".equals(owner().queryForObject(
					"select customer_name from subscription where tenant_id = ?", String.class, tenant)));
		assertThat(owner().queryForObject("select plan from subscription where tenant_id = ?", String.class, tenant))
			.isEqualTo("BASIC");
		reader(tenant, get("/api/billing/invoices?kind=PERIOD")).andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].plan").value("BASIC"));

		Instant end = periodEnded(tenant);
		this.run.renewDue();
		reader(tenant, get("/api/billing/invoices?sort=number,asc")).andExpect(jsonPath("$.totalItems").value(2))
			.andExpect(jsonPath("$.items[1].number").value("INV-000002"))
			.andExpect(jsonPath("$.items[1].plan").value("BASIC"))
			.andExpect(jsonPath("$.items[1].amountDue").value(2900))
			.andExpect(jsonPath("$.items[1].status").value("OPEN"))
			.andExpect(jsonPath("$.items[1].periodStart").value(end.toString()))
			.andExpect(jsonPath("$.items[1].buyerName").value("Renamed Ltd"))
			.andExpect(jsonPath("$.items[1].lines.length()").value(1));
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.currentPeriodStart").value(end.toString()));
		reader(tenant, get("/api/billing/invoices?plan=ENTERPRISE")).andExpect(jsonPath("$.totalItems").value(0));
		reader(tenant, get("/api/billing/invoices?kind=PERIOD&status=OPEN")).andExpect(jsonPath("$.totalItems").value(2));

		this.run.renewDue(); // the new period has not ended
		reader(tenant, get("/api/billing/invoices")).andExpect(jsonPath("$.totalItems").value(2));
	}

	@Test
	void aScheduledDeletionStopsInvoicingAndARestoreResumesIt() throws Exception {
		UUID tenant = created("PROFESSIONAL");
		this.kafka.send(Topics.TENANT, tenant.toString(),
				lifecycle(tenant, "io.tenantry.tenant.deletion-scheduled.v1", "PENDING_DELETION", "ACTIVE"));
		await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELED".equals(
				owner().queryForObject("select status from subscription where tenant_id = ?", String.class, tenant)));
		assertThat(eventTypes(tenant)).contains(SubscriptionCanceled.TYPE);
		periodEnded(tenant);
		this.run.renewDue();
		reader(tenant, get("/api/billing/invoices")).andExpect(jsonPath("$.totalItems").value(1));

		this.kafka.send(Topics.TENANT, tenant.toString(),
				lifecycle(tenant, "io.tenantry.tenant.reactivated.v1", "ACTIVE", "PENDING_DELETION"));
		awaitInvoices(tenant, 2);
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.canceledAt").doesNotExist());
	}

	@Test
	void aPurgedTenantsInvoicesAreKeptTheOpenOnesVoidedAndItsSubscriptionDeleted() throws Exception {
		UUID tenant = created("BASIC");
		periodEnded(tenant);
		this.run.renewDue();
		awaitInvoices(tenant, 2);
		owner().update("""
				update invoice set status = 'PAID', paid_at = now(), next_payment_attempt_at = null
				where tenant_id = ? and number = 'INV-000001'""", tenant);
		this.kafka.send(Topics.TENANT, tenant.toString(),
				lifecycle(tenant, "io.tenantry.tenant.deleted.v1", "DELETED", "PENDING_DELETION"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from subscription where tenant_id = ?", Long.class,
					tenant) == 0);
		assertThat(owner().queryForList("select status from invoice where tenant_id = ? order by number",
				String.class, tenant)).containsExactly("PAID", "VOID");
		assertThat(owner().queryForObject(
				"select count(*) from invoice where tenant_id = ? and next_payment_attempt_at is not null", Long.class,
				tenant)).isZero();
	}

	@Test
	void anotherTenantsSubscriptionAndInvoicesAreNotFound() throws Exception {
		UUID acme = created("PROFESSIONAL");
		UUID globex = created("ENTERPRISE");
		String globexInvoice = invoiceId(globex);
		reader(acme, get("/api/billing/invoices/" + globexInvoice)).andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		owner(acme, post("/api/billing/invoices/" + globexInvoice + "/pay")).andExpect(status().isNotFound());
		reader(acme, get("/api/billing/invoices")).andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].plan").value("PROFESSIONAL"));
		reader(acme, get("/api/billing/invoices?plan=ENTERPRISE")).andExpect(jsonPath("$.totalItems").value(0));
		reader(acme, get("/api/billing/subscription")).andExpect(jsonPath("$.plan").value("PROFESSIONAL"));
		reader(UUID.randomUUID(), get("/api/billing/subscription")).andExpect(status().isNotFound());
		assertThat(owner().queryForObject("select payment_attempts from invoice where id = ?::uuid", Integer.class,
				globexInvoice)).isZero();
	}

	@Test
	void onlyOwnersAndBillingAdminsChangeBillingAndBadInputIsNamed() throws Exception {
		UUID tenant = created("PROFESSIONAL");
		String invoice = invoiceId(tenant);
		String member = TestJwts.token(tenant, UUID.randomUUID(), "MEMBER");
		this.mvc.perform(get("/api/billing/invoices").header("Authorization", "Bearer " + member))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/billing/subscription").header("Authorization", "Bearer " + member))
			.andExpect(status().isForbidden());
		String admin = TestJwts.token(tenant, UUID.randomUUID(), "ADMIN");
		this.mvc.perform(get("/api/billing/invoices").header("Authorization", "Bearer " + admin))
			.andExpect(status().isOk());
		this.mvc.perform(post("/api/billing/invoices/" + invoice + "/pay").header("Authorization", "Bearer " + admin))
			.andExpect(status().isForbidden());
		this.mvc.perform(put("/api/billing/subscription/payment-method").header("Authorization", "Bearer " + admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"paymentMethodId\":\"pm_card_visa\"}")).andExpect(status().isForbidden());

		savePaymentMethod(tenant, "4242424242424242").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
		this.mvc.perform(put("/api/billing/subscription/payment-method")
			.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "BILLING_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
		savePaymentMethod(tenant, "pm_card_unknown").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"))
			.andExpect(jsonPath("$.errors[0].message").value("No such PaymentMethod: 'pm_card_unknown' (resource_missing)"));
		reader(tenant, get("/api/billing/subscription")).andExpect(jsonPath("$.paymentMethodId").doesNotExist());
		reader(tenant, get("/api/billing/invoices?status=maybe")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("status"));
		reader(tenant, get("/api/billing/invoices?plan=GOLD")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plan"));
		reader(tenant, get("/api/billing/invoices?size=500")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		reader(tenant, get("/api/billing/invoices?sort=tenant")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("sort"));
		reader(tenant, get("/api/billing/invoices/not-a-uuid")).andExpect(status().isBadRequest());
	}

	@Test
	void monthlyRecurringRevenueCountsTheLiveSubscriptionsOfEveryTenantByPlan() {
		this.metrics.refresh();
		double before = gauge("tenantry.billing.mrr", "plan", "ENTERPRISE");
		UUID tenant = created("ENTERPRISE");
		this.metrics.refresh();
		assertThat(gauge("tenantry.billing.mrr", "plan", "ENTERPRISE")).isEqualTo(before + 299.0);
		assertThat(this.meters.get("tenantry.billing.subscriptions").tags("status", "ACTIVE", "plan", "ENTERPRISE")
			.gauge()
			.value()).isPositive();
		this.kafka.send(Topics.TENANT, tenant.toString(),
				lifecycle(tenant, "io.tenantry.tenant.deletion-scheduled.v1", "PENDING_DELETION", "ACTIVE"));
		await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELED".equals(
				owner().queryForObject("select status from subscription where tenant_id = ?", String.class, tenant)));
		this.metrics.refresh();
		assertThat(gauge("tenantry.billing.mrr", "plan", "ENTERPRISE")).isEqualTo(before);
	}

	@Test
	void theBillingEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.BILLING)).contains(SubscriptionStarted.TYPE,
				SubscriptionCanceled.TYPE, PaymentMethodUpdated.TYPE, InvoiceIssued.TYPE, OperatorAccess.TYPE,
				InvoicePaid.TYPE, InvoicePaymentFailed.TYPE, EntitlementsChanged.TYPE);
	}

	static final String WEBHOOK_SECRET = "whsec_local_test_only";

	private ResultActions webhook(String payload, String signature) throws Exception {
		return this.mvc.perform(post("/api/billing/webhooks/stripe").contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", signature)
			.content(payload));
	}

	private static String signature(String payload, String secret, long timestamp) {
		byte[] v1 = new WebhookSignature(secret, Duration.ofMinutes(5)).sign(timestamp + "." + payload);
		return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(v1);
	}

	private static String paymentSucceeded(String eventId, UUID tenant, String invoice) {
		return """
				{"id":"%s","object":"event","type":"payment_intent.succeeded","livemode":false,
				 "data":{"object":{"id":"pi_local_3ds","object":"payment_intent","status":"succeeded","amount":9900,
				  "currency":"usd","metadata":{"tenant_id":"%s","invoice_id":"%s"}}}}"""
			.formatted(eventId, tenant, invoice);
	}

	private UUID created(String plan) {
		UUID tenant = UUID.randomUUID();
		this.kafka.send(Topics.TENANT, tenant.toString(), tenantCreated(tenant, UUID.randomUUID(), plan));
		awaitInvoices(tenant, 1);
		return tenant;
	}

	/** Moves the tenant's current period into the past, as if it had ended a second ago. */
	private static Instant periodEnded(UUID tenant) {
		Instant end = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		owner().update("""
				update subscription set current_period_start = ?::timestamptz - interval '1 month',
				    current_period_end = ?::timestamptz where tenant_id = ?""", end.toString(), end.toString(), tenant);
		return end;
	}

	private static String tenantCreated(UUID tenant, UUID eventId, String plan) {
		return """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.created.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"user","id":"operator","ip":"192.0.2.1"},
				 "data":{"tenantId":"%s","slug":"t-%s","name":"Tenant","plan":"%s","status":"PROVISIONING",
				  "ownerEmail":null}}"""
			.formatted(eventId, Instant.now(), tenant, tenant, tenant, tenant, plan);
	}

	private static String tenantUpdated(UUID tenant, String plan, String changed) {
		return """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.updated.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"user","id":"operator","ip":"192.0.2.1"},
				 "data":{"tenantId":"%s","slug":"t","name":"Tenant","plan":"%s","region":"eu","status":"ACTIVE",
				  "changed":["%s"]}}"""
			.formatted(UUID.randomUUID(), Instant.now(), tenant, tenant, tenant, plan, changed);
	}

	private static String lifecycle(UUID tenant, String type, String status, String previousStatus) {
		return """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"%s",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"user","id":"operator","ip":"192.0.2.1"},
				 "data":{"tenantId":"%s","slug":"t","status":"%s","previousStatus":"%s","reason":null}}"""
			.formatted(UUID.randomUUID(), type, Instant.now(), tenant, tenant, tenant, status, previousStatus);
	}

	private static void awaitInvoices(UUID tenant, int count) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from invoice where tenant_id = ?", Long.class,
					tenant) == count);
	}

	private static String invoiceId(UUID tenant) {
		return owner().queryForObject(
				"select id::text from invoice where tenant_id = ? order by issued_at desc limit 1", String.class, tenant);
	}

	private static List<String> eventTypes(UUID tenant) {
		return owner().queryForList("select event_type from event_outbox where tenant_id = ? order by id", String.class,
				tenant);
	}

	private double counter(String name, String tag, String value) {
		return this.meters.get(name).tag(tag, value).counter().count();
	}

	private double gauge(String name, String tag, String value) {
		return this.meters.get(name).tag(tag, value).gauge().value();
	}

	private ResultActions savePaymentMethod(UUID tenant, String paymentMethodId) throws Exception {
		return this.mvc.perform(put("/api/billing/subscription/payment-method")
			.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "BILLING_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"paymentMethodId\":\"" + paymentMethodId + "\"}"));
	}

	private ResultActions reader(UUID tenant, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(
				request.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "BILLING_ADMIN")));
	}

	private ResultActions owner(UUID tenant, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "OWNER")));
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "billing_service"));
	}

}
