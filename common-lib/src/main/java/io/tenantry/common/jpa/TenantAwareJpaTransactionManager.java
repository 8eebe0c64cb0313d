package io.tenantry.common.jpa;

import java.sql.PreparedStatement;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;

import io.tenantry.common.tenant.TenantContext;
import org.hibernate.Session;

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

	static final String SET_TENANT = "select set_config('app.tenant_id', ?, true)";

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
			// straight on the connection: a native query would be parsed by Hibernate each time
			holder.getEntityManager().unwrap(Session.class).doWork((connection) -> {
				try (PreparedStatement statement = connection.prepareStatement(SET_TENANT)) {
					statement.setString(1, tenant.toString());
					statement.execute();
				}
			});
		}
	}

}
