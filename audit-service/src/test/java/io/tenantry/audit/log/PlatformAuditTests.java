package io.tenantry.audit.log;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class PlatformAuditTests {

	static final UUID OPERATOR = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void anOperatorsCrossTenantReadIsRecordedInBothLogs() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.kafka.send(Topics.TENANT, tenant.toString(), """
				{"specversion":"1.0","id":"%s","source":"/test","type":"io.tenantry.tenant.updated.v1","time":"%s",\
				"subject":"s","tenantid":"%s","datacontenttype":"application/json","data":{}}"""
			.formatted(UUID.randomUUID(), Instant.now(), tenant));
		awaitEntries(tenant, "io.tenantry.tenant.updated.v1", 1);

		this.mvc.perform(get("/api/audit/platform/tenants/" + tenant + "/logs").header("Authorization",
				"Bearer " + TestJwts.token(PlatformTenant.ID, OPERATOR, "PLATFORM_ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].action").value("io.tenantry.tenant.updated.v1"));

		awaitEntries(tenant, CrossTenantRead.TYPE, 1);
		awaitEntries(PlatformTenant.ID, CrossTenantRead.TYPE, 1);
		assertThat(AsyncApiContract.documentedTypes(Topics.AUDIT)).contains(CrossTenantRead.TYPE);
	}

	@Test
	void onlyPlatformOperatorsOfThePlatformTenantMayReadAcrossTenants() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.mvc.perform(get("/api/audit/platform/tenants/" + tenant + "/logs").header("Authorization",
				"Bearer " + TestJwts.token(UUID.randomUUID(), OPERATOR, "OWNER", "ADMIN", "AUDITOR")))
			.andExpect(status().isForbidden());
		// the role alone, in another tenant's token, is not enough
		this.mvc.perform(get("/api/audit/platform/tenants/" + tenant + "/logs").header("Authorization",
				"Bearer " + TestJwts.token(UUID.randomUUID(), OPERATOR, "PLATFORM_ADMIN")))
			.andExpect(status().isNotFound());
	}

	private static void awaitEntries(UUID tenant, String action, int count) {
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> superuser.queryForObject("select count(*) from audit_entry where tenant_id = ? and action = ?",
					Integer.class, tenant, action) >= count);
	}

}
