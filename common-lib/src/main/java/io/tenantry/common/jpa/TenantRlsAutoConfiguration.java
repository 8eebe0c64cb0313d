package io.tenantry.common.jpa;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.TransactionManager;

/**
 * Installs {@link TenantAwareJpaTransactionManager} in place of Boot's JPA transaction
 * manager, so every {@code @Transactional} method runs with its tenant set for RLS.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnClass(EntityManagerFactory.class)
public class TenantRlsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TransactionManager.class)
	TenantAwareJpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		TenantAwareJpaTransactionManager transactionManager = new TenantAwareJpaTransactionManager(
				entityManagerFactory);
		customizers.ifAvailable((c) -> c.customize(transactionManager));
		return transactionManager;
	}

}
