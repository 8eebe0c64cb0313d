package io.tenantry.user.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

/** A deleted tenant leaves nothing in user-service: accounts, sessions, clients, events. */
@UserServiceTest
class TenantPurgeTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void tenantDeletedPurgesEveryRowOfTheTenantAndItsApiClients() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		Identity.Tenant bystander = this.identity.newTenant();
		String email = Identity.email("doomed");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
		this.identity.login(tenant.slug(), email, "wrong password").andExpect(status().isUnauthorized());
		this.mvc.perform(post("/api/users/api-clients").header("Authorization", "Bearer " + this.identity.ownerToken(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"exporter\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}"))
			.andExpect(status().isCreated());
		this.identity.createUser(this.identity.ownerToken(bystander), Identity.email("stays"), Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		assertThat(rowsOf(tenant.id())).isGreaterThan(5);
		long bystanderRows = rowsOf(bystander.id());

		this.kafka.send(Topics.TENANT, tenant.id().toString(), """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.deleted.v1",
				"time":"%s","tenantid":"%s","data":{"tenantId":"%s","slug":"%s","status":"DELETED"}}
				""".formatted(UUID.randomUUID(), Instant.now(), tenant.id(), tenant.id(), tenant.slug())).get();
		await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(tenant.id()) == 0);
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from oauth2_registered_client where client_settings like ?", Long.class,
				"%" + tenant.id() + "%")).isZero();
		assertThat(rowsOf(bystander.id())).isEqualTo(bystanderRows);
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
	}

	/** Every row with this tenant_id in every table of user-service's database. */
	static long rowsOf(UUID tenant) {
		List<String> tables = Identity.superuser().queryForList("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
				join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
				where c.relkind in ('r', 'p') and not c.relispartition""", String.class);
		return tables.stream()
			.mapToLong((table) -> Identity.superuser().queryForObject(
					"select count(*) from " + table + " where tenant_id = ?", Long.class, tenant))
			.sum();
	}

}
