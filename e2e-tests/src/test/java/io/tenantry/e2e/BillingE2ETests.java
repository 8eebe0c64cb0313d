package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Billing through the gateway: a tenant onboarded on a plan has a subscription and its first
 * invoice, which its owner reads and another tenant's owner cannot; a plan change reaches
 * billing-service; with no payment provider configured (the local suite) nothing is charged.
 */
@Order(7)
class BillingE2ETests {

	static IdentityE2ETests.Tenant customer;

	static IdentityE2ETests.Tenant neighbour;

	@BeforeAll
	static void twoTenants() {
		Suite.stack();
		String admin = Suite.adminToken();
		customer = IdentityE2ETests.onboard(admin, "customer");
		neighbour = IdentityE2ETests.onboard(admin, "neighbour");
	}

	@Test
	void anOnboardedTenantIsSubscribedAndInvoicedAndOnlyItsOwnerSeesTheInvoice() {
		String owner = customer.ownerToken();
		// billing-service reads tenant.created beside the onboarding services, not before them
		HttpResponse<String> subscription = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/subscription", owner), (response) -> response.statusCode() == 200);
		assertThat((String) JsonPath.read(subscription.body(), "$.plan")).isEqualTo("PROFESSIONAL");
		assertThat((String) JsonPath.read(subscription.body(), "$.status")).isEqualTo("ACTIVE");

		HttpResponse<String> invoices = Suite.get("/api/billing/invoices", owner);
		assertThat(invoices.statusCode()).as(invoices.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(invoices.body(), "$.totalItems")).isEqualTo(1);
		assertThat((String) JsonPath.read(invoices.body(), "$.items[0].status")).isEqualTo("OPEN");
		assertThat((Integer) JsonPath.read(invoices.body(), "$.items[0].amountDue")).isEqualTo(9900);
		String invoice = JsonPath.read(invoices.body(), "$.items[0].id");

		String other = neighbour.ownerToken();
		assertThat(Suite.get("/api/billing/invoices/" + invoice, other).statusCode()).isEqualTo(404);
		assertThat(Suite.post("/api/billing/invoices/" + invoice + "/pay", "", other).statusCode()).isEqualTo(404);
		// their period invoice (an operator may have upgraded them meanwhile: BillingE2ETests runs in any order)
		List<String> theirs = JsonPath.read(Suite.get("/api/billing/invoices?kind=PERIOD", other).body(),
				"$.items[*].id");
		assertThat(theirs).hasSize(1).doesNotContain(invoice);

		HttpResponse<String> pay = Suite.post("/api/billing/invoices/" + invoice + "/pay", "", owner);
		assertThat(pay.statusCode()).as(pay.body()).isEqualTo(503);
		assertThat(pay.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));

		await().atMost(Duration.ofSeconds(30)).until(() -> {
			HttpResponse<String> log = Suite.get("/api/audit/logs?action=io.tenantry.billing.", owner);
			List<String> actions = JsonPath.read(log.body(), "$.items[*].action");
			return actions.contains("io.tenantry.billing.subscription-started.v1")
					&& actions.contains("io.tenantry.billing.invoice-issued.v1");
		});
	}

	@Test
	void aPlanChangedByAnOperatorGoesThroughBillingAndTenantServiceFollows() {
		// tenant-service's plan is billing's copy: changing it there is refused
		HttpResponse<String> refused = Suite.put("/api/tenants/" + neighbour.id(), "{\"plan\":\"ENTERPRISE\"}",
				Suite.adminToken());
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		HttpResponse<String> changed = Suite.put("/api/billing/platform/tenants/" + neighbour.id() + "/subscription",
				"{\"plan\":\"ENTERPRISE\"}", Suite.adminToken());
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		String owner = neighbour.ownerToken();
		assertThat((String) JsonPath.read(Suite.get("/api/billing/subscription", owner).body(), "$.plan"))
			.isEqualTo("ENTERPRISE");
		// an upgrade is now and prorated: the period invoice stays on the plan then in force
		assertThat((String) JsonPath.read(Suite.get("/api/billing/invoices?kind=PERIOD", owner).body(),
				"$.items[0].plan")).isEqualTo("PROFESSIONAL");
		assertThat((Integer) JsonPath.read(Suite.get("/api/billing/invoices?kind=PRORATION", owner).body(),
				"$.totalItems")).isOne();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "ENTERPRISE".equals(
					JsonPath.read(Suite.get("/api/tenants/" + neighbour.id(), Suite.adminToken()).body(), "$.plan")));
	}

}
