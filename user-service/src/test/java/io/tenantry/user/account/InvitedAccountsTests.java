package io.tenantry.user.account;

import java.time.Duration;
import java.time.Instant;
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

/** An organization invitation accepted without an account gets one, once. */
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

	private static String event(UUID tenant, String email, UUID userId) {
		return """
				{"specversion":"1.0","id":"%s","source":"/organization-service","type":"io.tenantry.organization.invitation-accepted.v1",
				"time":"%s","tenantid":"%s","data":{"tenantId":"%s","invitationId":"%s","organizationId":"%s",
				"email":"%s","role":"ORG_MEMBER","expiresAt":"%s","userId":%s}}
				""".formatted(UUID.randomUUID(), Instant.now(), tenant, tenant, UUID.randomUUID(), UUID.randomUUID(), email,
				Instant.now().plusSeconds(600), (userId != null) ? "\"" + userId + "\"" : "null");
	}

}
