package io.tenantry.user.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tenants created in tenant-service become logins here, through the tenant topic only. */
@UserServiceTest
class TenantDirectoryTests {

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	TenantDirectory directory;

	@Autowired
	Identity identity;

	@Autowired
	MockMvc mvc;

	@Test
	void aCreatedTenantCanBeLoggedInToByItsSlugWhileActiveOrSuspendedButNotOnceDeleted() throws Exception {
		UUID tenant = UUID.randomUUID();
		String slug = "t-" + tenant.toString().substring(0, 8);
		String created = event(tenant, "io.tenantry.tenant.created.v1", slug, "ACTIVE");
		this.kafka.send(Topics.TENANT, tenant.toString(), created).get();
		this.kafka.send(Topics.TENANT, tenant.toString(), created).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.loginTenant(slug).isPresent());
		assertThat(this.directory.loginTenant(slug.toUpperCase())).hasValue(tenant);
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from processed_event where consumer = 'tenant-directory' and tenant_id = ?",
				Integer.class, tenant))
			.isEqualTo(1);

		this.kafka.send(Topics.TENANT, tenant.toString(), event(tenant, "io.tenantry.tenant.suspended.v1", slug,
				"SUSPENDED")).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> "SUSPENDED".equals(Identity.superuser()
			.queryForObject("select status from tenant_directory where tenant_id = ?", String.class, tenant)));
		assertThat(this.directory.loginTenant(slug)).as("a suspended tenant's users log in, to pay").hasValue(tenant);
		assertThat(this.directory.isActive(tenant)).as("its API clients do not").isFalse();
		this.kafka.send(Topics.TENANT, tenant.toString(), event(tenant, "io.tenantry.tenant.deletion-scheduled.v1",
				slug, "PENDING_DELETION")).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.loginTenant(slug).isEmpty());
	}

	@Test
	void eventsWithoutASlugAreIgnored() throws Exception {
		UUID tenant = UUID.randomUUID();
		String other = """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.config-changed.v1",
				"time":"%s","tenantid":"%s","datacontenttype":"application/json","data":{"locale":"fr"}}
				""".formatted(UUID.randomUUID(), Instant.now(), tenant);
		this.kafka.send(Topics.TENANT, tenant.toString(), other).get();
		String slug = "t-" + tenant.toString().substring(0, 8);
		this.kafka.send(Topics.TENANT, tenant.toString(), event(tenant, "io.tenantry.tenant.created.v1", slug, "ACTIVE"))
			.get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.loginTenant(slug).isPresent());
	}

	@Test
	void theOwnerNamedAtCreationIsInvitedOnceAndCanThenLogIn() throws Exception {
		UUID tenant = UUID.randomUUID();
		String slug = "t-" + tenant.toString().substring(0, 8);
		String owner = Identity.email("owner");
		String created = event(tenant, "io.tenantry.tenant.created.v1", slug, "ACTIVE", owner);
		this.kafka.send(Topics.TENANT, tenant.toString(), created).get();
		this.kafka.send(Topics.TENANT, tenant.toString(), created).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.identity.messagesTo(owner) > 0);
		String token = JsonPath.read(this.identity.lastMessageTo(owner), "$.token");
		this.mvc.perform(post("/api/users/set-password").contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"newPassword\":\"" + Identity.PASSWORD + "\"}"))
			.andExpect(status().isNoContent());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.loginTenant(slug).isPresent());
		Map<String, Object> tokens = this.identity.tokens(slug, owner, Identity.PASSWORD);
		assertThat(tokens).containsKey("access_token");
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from user_account where tenant_id = ? and 'OWNER' = any(roles)", Integer.class, tenant))
			.isEqualTo(1);
		assertThat(this.identity.messagesTo(owner)).isEqualTo(1);
	}

	private static String event(UUID tenant, String type, String slug, String status) {
		return event(tenant, type, slug, status, null);
	}

	private static String event(UUID tenant, String type, String slug, String status, String ownerEmail) {
		String owner = (ownerEmail != null) ? "\"" + ownerEmail + "\"" : "null";
		return """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"%s","time":"%s","subject":"%s",
				"tenantid":"%s","datacontenttype":"application/json",
				"data":{"tenantId":"%s","slug":"%s","name":"Acme","plan":"BASIC","status":"%s","ownerEmail":%s}}
				""".formatted(UUID.randomUUID(), type, Instant.now(), tenant, tenant, tenant, slug, status, owner);
	}

}
