package io.tenantry.common.purge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes everything a service keeps of one tenant: every row with that {@code tenant_id}
 * in every table of the service's schema but the ones it keeps on purpose, in one
 * transaction as the tenant (row-level security in force), referencing tables before the
 * tables they reference. Tables are found in the catalogue, so a table added later is
 * purged without anyone remembering to.
 */
public class TenantData {

	private static final Logger logger = LoggerFactory.getLogger(TenantData.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Set<String> kept;

	private final List<TenantPurgeContributor> contributors;

	public TenantData(JdbcTemplate jdbc, TransactionTemplate transactions, Set<String> kept,
			List<TenantPurgeContributor> contributors) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kept = kept;
		this.contributors = contributors;
	}

	/** Purges the tenant; returns the rows deleted per table. */
	public Map<String, Integer> purge(UUID tenantId) {
		Map<String, Integer> deleted = new LinkedHashMap<>();
		TenantContext.runAs(tenantId, () -> this.transactions.executeWithoutResult((tx) -> {
			this.contributors.forEach((contributor) -> contributor.purge(tenantId));
			for (String table : tablesInDeletionOrder()) {
				int rows = this.jdbc.update("delete from " + table + " where tenant_id = ?", tenantId);
				if (rows > 0) {
					deleted.put(table, rows);
				}
			}
		}));
		logger.info("Purged tenant {}: {}", tenantId, deleted);
		return deleted;
	}

	/**
	 * The schema's tables with a {@code tenant_id} column (partitions are reached through
	 * their parent), each after every table that references it.
	 */
	List<String> tablesInDeletionOrder() {
		List<String> tables = this.jdbc.queryForList("""
				select c.relname from pg_class c
				join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
				join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
				where c.relkind in ('r', 'p') and not c.relispartition
				order by c.relname
				""", String.class);
		tables.removeIf(this.kept::contains);
		Map<String, Set<String>> referencedBy = new HashMap<>();
		this.jdbc.query("""
				select child.relname, parent.relname from pg_constraint f
				join pg_class child on child.oid = f.conrelid
				join pg_class parent on parent.oid = f.confrelid
				join pg_namespace n on n.oid = child.relnamespace and n.nspname = current_schema()
				where f.contype = 'f' and f.conrelid <> f.confrelid
				""", (rs) -> {
			referencedBy.computeIfAbsent(rs.getString(2), (k) -> new HashSet<>()).add(rs.getString(1));
		});
		List<String> ordered = new ArrayList<>();
		Set<String> remaining = new HashSet<>(tables);
		while (!remaining.isEmpty()) {
			List<String> free = tables.stream()
				.filter(remaining::contains)
				.filter((table) -> referencedBy.getOrDefault(table, Set.of()).stream().noneMatch(remaining::contains))
				.toList();
			if (free.isEmpty()) {
				throw new IllegalStateException("Foreign keys form a cycle among " + remaining);
			}
			ordered.addAll(free);
			free.forEach(remaining::remove);
		}
		return ordered;
	}

}
