package io.tenantry.audit.log;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compliance reports built from the log: each selects the entries of its kind in a time
 * range, counts them per action, and carries the chain proof of the range it covers (the
 * chain re-verified over it, and its last hash), so the report can be checked against the
 * log or a signed checkpoint later.
 */
@Component
class AuditReports {

	/** More entries than this in one report: narrow the range, or use an export. */
	static final int MAX_ENTRIES = 10_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog log;

	private final Clock clock;

	AuditReports(JdbcTemplate jdbc, TransactionTemplate transactions, AuditLog log, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.log = log;
		this.clock = clock;
	}

	Report build(UUID tenant, ReportRequest request) {
		ReportType type = request.reportType();
		AuditLogFilter filter = request.filter();
		List<Object> args = new ArrayList<>();
		String where = AuditLog.where(tenant, filter, args) + type.condition();
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			this.log.planForTheseValues();
			List<Object> limited = new ArrayList<>(args);
			limited.add(MAX_ENTRIES + 1);
			List<AuditEntry> entries = this.jdbc.query("select " + AuditLog.COLUMNS + " from audit_entry where " + where
					+ " order by seq limit ?", AuditLog::entry, limited.toArray());
			if (entries.size() > MAX_ENTRIES) {
				throw new io.tenantry.common.web.InvalidRequestException("from",
						"the report would hold more than " + MAX_ENTRIES + " entries: narrow the range or use /api/audit/export");
			}
			List<AuditLog.Count> byAction = this.jdbc.query("select action as key, count(*) as n from audit_entry where "
					+ where + " group by action order by n desc, action", (rs, row) -> new AuditLog.Count(
							rs.getString("key"), rs.getLong("n")), args.toArray());
			AuditLog.Verification proof = this.log.verify(tenant, filter.from(), filter.to());
			String lastHash = (proof.lastSeq() != null) ? this.jdbc.queryForObject(
					"select hash from audit_entry where tenant_id = ? and seq = ?", String.class, tenant, proof.lastSeq())
					: null;
			return new Report(type.slug(), tenant, filter.from(), filter.to(), this.clock.instant(), entries.size(),
					byAction, entries.stream().map(AuditLog.EntryView::of).toList(),
					new ChainProof(proof.valid(), proof.entriesVerified(), proof.firstSeq(), proof.lastSeq(), lastHash,
							proof.firstBrokenLink()));
		}));
	}

	/** A report and the proof of the chain over the range it covers. */
	record Report(String type, UUID tenantId, Instant from, Instant to, Instant generatedAt, long entryCount,
			List<AuditLog.Count> byAction, List<AuditLog.EntryView> entries, ChainProof chainProof) {
	}

	/** The chain re-verified over the report's range; {@code lastHash} is the hash of {@code lastSeq}. */
	record ChainProof(boolean valid, long entriesVerified, Long firstSeq, Long lastSeq, String lastHash,
			AuditLog.BrokenLink firstBrokenLink) {
	}

}
