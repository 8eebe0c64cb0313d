package io.tenantry.tenant.tenant;

import java.util.UUID;

import javax.sql.DataSource;

import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tenant A must never see or write tenant B's row: through the API, and through the
 * runtime database role directly. One pooled connection, so a leaked tenant setting
 * would show.
 */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=1")
class TenantIsolationTests {

	static final UUID TENANT_A = UUID.fromString("1a000000-0000-0000-0000-00000000000a");

	static final UUID TENANT_B = UUID.fromString("1b000000-0000-0000-0000-00000000000b");

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@BeforeEach
	void twoTenants() {
		DataSource superuser = SharedPostgres.instance().getDatabase("postgres", "tenant_service");
		JdbcTemplate admin = new JdbcTemplate(superuser);
		for (UUID id : new UUID[] { TENANT_A, TENANT_B }) {
			admin.update("""
					insert into tenant (tenant_id, slug, name, status, plan)
					values (?, ?, ?, 'ACTIVE', 'BASIC') on conflict do nothing""", id,
					"t-" + id.toString().substring(0, 2), "Tenant " + id.toString().substring(0, 2));
		}
	}

	@Test
	void memberReadsTheirOwnTenant() throws Exception {
		this.mvc.perform(get("/api/tenants/{id}", TENANT_A).header("Authorization", bearer(TENANT_A)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(TENANT_A.toString()))
			.andExpect(jsonPath("$.slug").value("t-1a"))
			.andExpect(jsonPath("$.status").value("ACTIVE"));
	}

	@Test
	void anotherTenantsIdAnswersNotFound() throws Exception {
		this.mvc.perform(get("/api/tenants/{id}", TENANT_B).header("Authorization", bearer(TENANT_A)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/not-found"));
	}

	@Test
	void malformedIdIsAValidationProblemNamingTheParameter() throws Exception {
		this.mvc.perform(get("/api/tenants/not-a-uuid").header("Authorization", bearer(TENANT_A)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("id"));
	}

	@Test
	void expiredTokenIsRefused() throws Exception {
		this.mvc.perform(get("/api/tenants/{id}", TENANT_A).header("Authorization",
				"Bearer " + TestJwts.expiredToken(TENANT_A, USER, "MEMBER")))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void tokenFromAnotherIssuerIsRefused() throws Exception {
		this.mvc.perform(get("/api/tenants/{id}", TENANT_A).header("Authorization",
				"Bearer " + TestJwts.tokenFromAnotherIssuer(TENANT_A, USER, "MEMBER")))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void runtimeRoleSeesNoRowsWithoutATenant() {
		assertThat(this.jdbc.queryForObject("select count(*) from tenant", Integer.class)).isZero();
		assertThat(inTransactionWithoutTenant("select count(*) from tenant")).isZero();
	}

	@Test
	void runtimeRoleSeesOnlyItsOwnTenantsRows() {
		assertThat(inTransactionAs(TENANT_A, "select count(*) from tenant")).isEqualTo(1);
		assertThat(inTransactionAs(TENANT_A, "select count(*) from tenant where tenant_id = '" + TENANT_B + "'"))
			.isZero();
	}

	@Test
	void tenantSettingDoesNotOutliveItsTransaction() {
		assertThat(inTransactionAs(TENANT_A, "select count(*) from tenant")).isEqualTo(1);
		// same single pooled connection, next transaction has no tenant
		assertThat(inTransactionWithoutTenant("select count(*) from tenant")).isZero();
		assertThat(this.jdbc.queryForObject("select coalesce(current_setting('app.tenant_id', true), '')",
				String.class)).isEmpty();
	}

	@Test
	void crossTenantUpdateTouchesNothing() {
		Integer updated = TenantContext.callAs(TENANT_A, () -> new TransactionTemplate(this.transactionManager)
			.execute((tx) -> this.jdbc.update("update tenant set name = 'taken' where tenant_id = ?", TENANT_B)));
		assertThat(updated).isZero();
		assertThat(new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "tenant_service"))
			.queryForObject("select name from tenant where tenant_id = ?", String.class, TENANT_B)).isNotEqualTo("taken");
	}

	@Test
	void crossTenantInsertIsRefusedByRowLevelSecurity() {
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> TenantContext.runAs(TENANT_A,
				() -> new TransactionTemplate(this.transactionManager).executeWithoutResult((tx) -> this.jdbc.update(
						"insert into tenant (tenant_id, slug, name, status, plan) values (?, 'forged', 'x', 'ACTIVE', 'BASIC')",
						UUID.randomUUID()))))
			.havingRootCause()
			.withMessageContaining("violates row-level security policy");
	}

	private Integer inTransactionAs(UUID tenant, String sql) {
		return TenantContext.callAs(tenant, () -> inTransactionWithoutTenant(sql));
	}

	private Integer inTransactionWithoutTenant(String sql) {
		return new TransactionTemplate(this.transactionManager)
			.execute((tx) -> this.jdbc.queryForObject(sql, Integer.class));
	}

	private static String bearer(UUID tenant) {
		return "Bearer " + TestJwts.token(tenant, USER, "MEMBER");
	}

}
