package io.tenantry.common.test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.events.Topics;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What every Tenantry domain service must show, run by each service against its own
 * embedded database: Flyway owns the schema, the runtime role is subject to row-level
 * security, probes and metrics are exposed, errors are problem+json, and tokens are
 * checked.
 */
@TenantryServiceTest
public abstract class ServiceContractTests {

	protected static final UUID TENANT_A = UUID.fromString("0a000000-0000-0000-0000-00000000000a");

	protected static final UUID TENANT_B = UUID.fromString("0b000000-0000-0000-0000-00000000000b");

	protected static final UUID USER = UUID.fromString("0c000000-0000-0000-0000-00000000000c");

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected KafkaTemplate<String, String> kafka;

	@Value("${spring.application.name}")
	protected String applicationName;

	/** The service's {@code @SpringBootApplication} class. */
	protected abstract Class<?> applicationClass();

	/** A valid access token for {@code tenant}; the token issuer overrides this. */
	protected String validToken(UUID tenant, UUID user, String... roles) {
		return TestJwts.token(tenant, user, roles);
	}

	protected String bearer(UUID tenant) {
		return "Bearer " + validToken(tenant, USER, "MEMBER");
	}

	@Test
	void schemaIsMigratedByFlywayAsTheOwnerRole() {
		// the history table belongs to the owner; the runtime role may not even read it
		JdbcTemplate owner = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", databaseName()));
		List<Map<String, Object>> migrations = owner.queryForList("select version, installed_by, success from flyway_schema_history where version is not null");
		assertThat(migrations).isNotEmpty();
		assertThat(migrations).allSatisfy((migration) -> {
			assertThat(migration.get("success")).isEqualTo(true);
			assertThat(migration.get("installed_by")).isEqualTo(databaseName() + "_owner");
		});
	}

	@Test
	void runtimeRoleOwnsNothingAndCannotBypassRowLevelSecurity() {
		Map<String, Object> role = this.jdbc
			.queryForMap("select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
		assertThat(role.get("name")).isEqualTo(databaseName() + "_app");
		assertThat(role.get("rolsuper")).isEqualTo(false);
		assertThat(role.get("rolbypassrls")).isEqualTo(false);
		Integer owned = this.jdbc.queryForObject(
				"select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
						+ "where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user",
				Integer.class);
		assertThat(owned).isZero();
	}

	@Test
	void everyTenantOwnedTableHasForcedRowLevelSecurityWithAPolicy() {
		List<Map<String, Object>> tables = this.jdbc.queryForList("""
				select c.relname, c.relrowsecurity, c.relforcerowsecurity,
				       (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
				from pg_class c
				join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind in ('r', 'p')
				  and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
				              and not a.attisdropped)
				""");
		assertThat(tables).allSatisfy((table) -> {
			assertThat(table.get("relrowsecurity")).as("RLS enabled on %s", table.get("relname")).isEqualTo(true);
			assertThat(table.get("relforcerowsecurity")).as("RLS forced on %s", table.get("relname")).isEqualTo(true);
			assertThat((Long) table.get("policies")).as("policies on %s", table.get("relname")).isPositive();
		});
	}

	@Test
	void fullTextSearchCanUseItsIndexUnderRowLevelSecurity() {
		assertThat(this.jdbc.queryForObject(
				"select proleakproof from pg_proc where oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure",
				Boolean.class))
			.as("ts_match_vq leakproof, so @@ can use a GIN index ahead of the RLS policy")
			.isTrue();
	}

	@Test
	void livenessAndReadinessProbesAreUp() throws Exception {
		this.mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
	}

	@Test
	void prometheusMetricsCarryTheApplicationTag() throws Exception {
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("application=\"" + this.applicationName + "\"")));
	}

	@Test
	void openApiDocumentIsPublished() throws Exception {
		this.mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andExpect(jsonPath("$.openapi").exists());
	}

	@Test
	void requestWithoutTokenIsRefusedWithProblemJson() throws Exception {
		this.mvc.perform(get("/api/anything"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().exists("WWW-Authenticate"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/unauthenticated"))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void tokenSignedByAnotherKeyIsRefused() throws Exception {
		this.mvc.perform(get("/api/anything").header("Authorization",
				"Bearer " + TestJwts.tokenSignedByAnotherKey(TENANT_A, USER, "OWNER")))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aTokenOfAUserDeletedSinceItWasIssuedIsRefusedHereToo() throws Exception {
		UUID user = UUID.randomUUID();
		String token = "Bearer " + validToken(TENANT_A, user, "OWNER");
		this.mvc.perform(get("/api/no-such-resource").header("Authorization", token)).andExpect(status().isNotFound());
		// what user-service publishes when the user is deleted, a second after the token was issued
		this.kafka.send(Topics.USER, TENANT_A.toString(), """
				{"specversion":"1.0","id":"%s","source":"/user-service","type":"io.tenantry.user.deleted.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","data":{"tenantId":"%s","userId":"%s"}}"""
			.formatted(UUID.randomUUID(), java.time.Instant.now().plusSeconds(1), user, TENANT_A, TENANT_A, user));
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/api/no-such-resource").header("Authorization", token))
				.andExpect(status().isUnauthorized())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
		this.mvc.perform(get("/api/no-such-resource").header("Authorization", bearer(TENANT_A)))
			.andExpect(status().isNotFound());
	}

	@Test
	void tenantHeaderThatDisagreesWithTheTokenIsRefused() throws Exception {
		this.mvc.perform(get("/api/anything").header("Authorization", bearer(TENANT_A))
				.header("X-Tenant-Id", TENANT_B.toString()))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/tenant-mismatch"));
	}

	@Test
	void unknownPathIsAProblemNotAnErrorPage() throws Exception {
		this.mvc.perform(get("/api/no-such-resource").header("Authorization", bearer(TENANT_A))
				.header("X-Tenant-Id", TENANT_A.toString()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/not-found"))
			// the security headers, written before the handler runs
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("Cache-Control", containsString("no-store")));
	}

	@Test
	void featurePackagesRespectModuleBoundaries() {
		ApplicationModules.of(applicationClass()).verify();
	}

	protected String databaseName() {
		return this.applicationName.replace('-', '_');
	}

}
