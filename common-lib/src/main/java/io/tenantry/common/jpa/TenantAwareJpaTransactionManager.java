package io.tenantry.common.jpa;

import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Third isolation layer: at the start of every transaction, sets the PostgreSQL setting
 * {@code app.tenant_id} that the row-level-security policies read, scoped to that
 * transaction ({@code set_config(..., true)}) so it can never leak to the next user of the
 * pooled connection. Without a tenant nothing is set and the policies show no rows.
 * <p>
 * Native queries and {@code JdbcTemplate} in the same transaction share the connection, so
 * RLS covers them too.
 */
public class TenantAwareJpaTransactionManager extends JpaTransactionManager {

	static final String SET_TENANT = "select set_config('app.tenant_id', ?1, true)";

	public TenantAwareJpaTransactionManager(EntityManagerFactory emf) {
		super(emf);
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		super.doBegin(transaction, definition);
		UUID tenant = TenantContext.currentTenantId().orElse(null);
		if (tenant != null) {
			EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
				.getResource(obtainEntityManagerFactory());
			EntityManager entityManager = holder.getEntityManager();
			entityManager.createNativeQuery(SET_TENANT).setParameter(1, tenant.toString()).getSingleResult();
		}
	}

}
