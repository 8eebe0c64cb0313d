package io.tenantry.user.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
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
 * An organization invitation accepted without an account gets one, once, while the tenant's
 * plan has a seat for it; the onboarding owner always gets the first.
 */
@UserServiceTest
class InvitedAccountsTests {

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Identity identity;

	@Test
	void anAcceptedInvitationWithoutAnAccountCreatesAnInvitedMemberOnce() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("invitee");
		String accepted = event(tenant.id(), email, null);
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), accepted).get();
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), accepted).get();
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), event(tenant.id(), email, null)).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.identity.messagesTo(email) > 0);
		assertThat((String) JsonPath.read(this.identity.lastMessageTo(email), "$.kind")).isEqualTo("invitation");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> this.identity.messagesTo(email) == 1);
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from user_account where tenant_id = ? and email = ? and status = 'INVITED'"
						+ " and roles = array['MEMBER']",
				Integer.class, tenant.id(), email)).isEqualTo(1);
		assertThat(this.identity.messagesTo(email)).isEqualTo(1);

		String existing = Identity.email("member");
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), event(tenant.id(), existing, UUID.randomUUID()))
			.get();
		// an acceptance by a user needs no account: nothing is sent
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> this.identity.messagesTo(existing) == 0);
	}

	@Test
	void anInvitationAcceptedWhenTheTenantHasNoSeatLeftMakesNoAccountAndPublishesNothing() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		for (int i = 0; i < 10; i++) {
			this.identity.createUser(owner, Identity.email("seat" + i), null, "MEMBER")
				.andExpect(status().isCreated());
		}
		String email = Identity.email("no-seat");
		String accepted = event(tenant.id(), email, null);
		UUID eventId = UUID.fromString(JsonPath.read(accepted, "$.id"));
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), accepted).get();
		// the refusal is the event's effect: it is recorded as handled, and not retried
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Identity.superuser()
				.queryForObject("select count(*) from processed_event where consumer = 'organization-invitation'"
						+ " and event_id = ?", Integer.class, eventId) == 1);
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from user_account where tenant_id = ? and lower(email) = lower(?)", Integer.class,
				tenant.id(), email))
			.isZero();
		assertThat(this.identity.messagesTo(email)).isZero();
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from event_outbox where tenant_id = ? and payload like ?", Integer.class, tenant.id(),
				"%" + email + "%"))
			.isZero();
		assertThat(usage(tenant)).hasSize(10).last().isEqualTo(10L);
	}

	@Test
	void anAcceptedInvitationIsReportedAsUsage() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		this.identity.createUser(tenant, Identity.email("first"), "MEMBER");
		String email = Identity.email("invitee");
		this.kafka.send(Topics.ORGANIZATION, tenant.id().toString(), event(tenant.id(), email, null)).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> usage(tenant).size() == 2);
		assertThat(usage(tenant)).containsExactly(1L, 2L);
	}

	@Test
	void theOnboardingOwnerIsAdmittedAsTheFirstAccountWhateverTheLimit() throws Exception {
		UUID tenant = UUID.randomUUID();
		Identity.superuser().update("""
				insert into tenant_entitlement (tenant_id, plan, plan_version, limits, features)
				values (?, 'BASIC', 1, '{"users": 0}', array['basic_analytics'])
				""", tenant);
		String owner = Identity.email("owner");
		this.kafka.send(Topics.TENANT, tenant.toString(), """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.created.v1",
				"time":"%s","tenantid":"%s","data":{"tenantId":"%s","name":"Acme","plan":"BASIC","ownerEmail":"%s"}}
				""".formatted(UUID.randomUUID(), Instant.now(), tenant, tenant, owner)).get();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Identity.superuser()
				.queryForObject("select count(*) from user_account where tenant_id = ? and roles = array['OWNER']",
						Integer.class, tenant) == 1
					&& this.identity.messagesTo(owner) == 1);
		assertThat(usage(new Identity.Tenant(tenant, null))).containsExactly(1L);
	}

	/** The quantities of the tenant's {@code users} usage events, oldest first. */
	private static List<Long> usage(Identity.Tenant tenant) {
		return Identity.superuser().queryForList("""
				select (payload::jsonb -> 'data' ->> 'quantity')::bigint from event_outbox
				where tenant_id = ? and topic = 'tenantry.usage.v1' order by id
				""", Long.class, tenant.id());
	}

	private static String event(UUID tenant, String email, UUID userId) {
		return """
				{"specversion":"1.0","id":"%s","source":"/organization-service","type":"io.tenantry.organization.invitation-accepted.v1",
				"time":"%s","tenantid":"%s","data":{"tenantId":"%s","invitationId":"%s","organizationId":"%s",
				"email":"%s","role":"ORG_MEMBER","expiresAt":"%s","userId":%s}}
				""".formatted(UUID.randomUUID(), Instant.now(), tenant, tenant, UUID.randomUUID(), UUID.randomUUID(), email,
				Instant.now().plusSeconds(600), (userId != null) ? "\"" + userId + "\"" : "null");
	}

}
