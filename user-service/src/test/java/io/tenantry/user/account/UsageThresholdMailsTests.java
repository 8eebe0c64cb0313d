package io.tenantry.user.account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.events.Topics;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant nearing a limit of its plan hears of it: billing-service's
 * {@code usage-threshold-reached} event becomes one mail to each of the tenant's owners and
 * billing admins (decision 13, Thresholds), through the local mailbox.
 */
@UserServiceTest
class UsageThresholdMailsTests {

	@Autowired
	Identity identity;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MeterRegistry meters;

	@Test
	void ownersAndBillingAdminsAreMailedWhenAThresholdIsReached() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = Identity.email("owner");
		String billingAdmin = Identity.email("billing");
		String member = Identity.email("member");
		String disabledOwner = Identity.email("former-owner");
		this.identity.createUser(tenant, owner, "OWNER");
		this.identity.createUser(tenant, billingAdmin, "BILLING_ADMIN", "MEMBER");
		this.identity.createUser(tenant, member, "MEMBER");
		UUID disabled = this.identity.createUser(tenant, disabledOwner, "OWNER");
		this.identity.updateUser(this.identity.ownerToken(tenant), disabled, "{\"status\":\"DISABLED\"}")
			.andExpect(status().isOk());
		double applied = handled("applied");

		thresholdReached(UUID.randomUUID(), tenant.id(), "users", 80, 8, 10);
		// counted once the event's transaction has committed and its mails have left
		await().atMost(Duration.ofSeconds(20)).until(() -> handled("applied") >= applied + 1);

		assertThat(this.identity.messagesTo(owner)).isEqualTo(1);
		assertThat(this.identity.messagesTo(billingAdmin)).isEqualTo(1);
		assertThat(this.identity.messagesTo(member)).isZero();
		assertThat(this.identity.messagesTo(disabledOwner)).isZero();

		for (String recipient : new String[] { owner, billingAdmin }) {
			String message = this.identity.lastMessageTo(recipient);
			assertThat((String) JsonPath.read(message, "$.kind")).isEqualTo("usage-threshold");
			assertThat((String) JsonPath.read(message, "$.tenantId")).isEqualTo(tenant.id().toString());
			assertThat((String) JsonPath.read(message, "$.to")).isEqualTo(recipient);
			assertThat((String) JsonPath.read(message, "$.subject")).contains("80%").contains("users");
			assertThat((String) JsonPath.read(message, "$.body"))
				.contains("Your tenant has used 8 of 10 users (80%) on the BASIC plan")
				.contains("upgrade the plan")
				.contains("reduce usage")
				.contains(tenant.slug());
			assertThat((Object) JsonPath.read(message, "$.token")).isNull();
		}
	}

	@Test
	void aRedeliveredThresholdEventMailsOnce() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = Identity.email("owner");
		this.identity.createUser(tenant, owner, "OWNER");
		double duplicates = handled("duplicate");
		UUID id = UUID.randomUUID();

		thresholdReached(id, tenant.id(), "users", 100, 10, 10);
		thresholdReached(id, tenant.id(), "users", 100, 10, 10);
		await().atMost(Duration.ofSeconds(20)).until(() -> handled("duplicate") >= duplicates + 1);

		assertThat(this.identity.messagesTo(owner)).isEqualTo(1);
		assertThat((String) JsonPath.read(this.identity.lastMessageTo(owner), "$.body"))
			.contains("Your tenant has used 10 of 10 users (100%) on the BASIC plan")
			.contains("It has reached the limit");
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from processed_event where consumer = 'usage-threshold-mail' and tenant_id = ?",
				Integer.class, tenant.id()))
			.isEqualTo(1);
	}

	@Test
	void anotherTenantsOwnersAreNotMailed() throws Exception {
		Identity.Tenant reached = this.identity.newTenant();
		Identity.Tenant other = this.identity.newTenant();
		String reachedOwner = Identity.email("owner");
		String otherOwner = Identity.email("other-owner");
		String otherBillingAdmin = Identity.email("other-billing");
		this.identity.createUser(reached, reachedOwner, "OWNER");
		this.identity.createUser(other, otherOwner, "OWNER");
		this.identity.createUser(other, otherBillingAdmin, "BILLING_ADMIN");
		double applied = handled("applied");

		thresholdReached(UUID.randomUUID(), reached.id(), "projects", 80, 4, 5);
		await().atMost(Duration.ofSeconds(20)).until(() -> handled("applied") >= applied + 1);

		assertThat(this.identity.messagesTo(reachedOwner)).isEqualTo(1);
		assertThat((String) JsonPath.read(this.identity.lastMessageTo(reachedOwner), "$.body"))
			.contains("Your tenant has used 4 of 5 projects (80%) on the BASIC plan");
		assertThat(this.identity.messagesTo(otherOwner)).isZero();
		assertThat(this.identity.messagesTo(otherBillingAdmin)).isZero();
	}

	private void thresholdReached(UUID id, UUID tenant, String metric, int percent, long used, long limit)
			throws Exception {
		Instant now = Instant.now();
		String event = """
				{"specversion":"1.0","id":"%s","source":"/billing-service",
				"type":"io.tenantry.billing.usage-threshold-reached.v1","time":"%s","subject":"%s","tenantid":"%s",
				"actor":{"type":"system"},"data":{"tenantId":"%s","metric":"%s","percent":%d,"used":%d,"limit":%d,
				"plan":"BASIC","periodStart":"%s","reachedAt":"%s"}}
				""".formatted(id, now, metric, tenant, tenant, metric, percent, used, limit, now, now);
		this.kafka.send(Topics.BILLING, tenant.toString(), event).get();
	}

	private double handled(String outcome) {
		Counter counter = this.meters.find("tenantry.events.handled")
			.tag("consumer", "usage-threshold-mail")
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
