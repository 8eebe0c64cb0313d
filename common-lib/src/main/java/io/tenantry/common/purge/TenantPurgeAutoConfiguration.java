package io.tenantry.common.purge;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every service with a database purges a deleted tenant's rows on
 * {@code tenant.deleted}. {@code tenantry.purge.kept-tables} names tables it keeps on
 * purpose; {@code tenantry.purge.listener.enabled=false} leaves the trigger to the service
 * (audit-service purges from its own ingestion, in order with the tenant's other events).
 */
@AutoConfiguration(afterName = { "io.tenantry.common.events.EventsAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean({ JdbcTemplate.class, TransactionTemplate.class })
public class TenantPurgeAutoConfiguration {

	@Bean
	TenantData tenantData(JdbcTemplate jdbc, TransactionTemplate transactions,
			@Value("${tenantry.purge.kept-tables:}") List<String> kept,
			ObjectProvider<TenantPurgeContributor> contributors) {
		Set<String> keep = new HashSet<>(kept);
		keep.remove("");
		return new TenantData(jdbc, transactions, keep, contributors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnProperty(name = "tenantry.purge.listener.enabled", matchIfMissing = true)
	TenantDeletionListener tenantDeletionListener(TenantData data) {
		return new TenantDeletionListener(data);
	}

}
