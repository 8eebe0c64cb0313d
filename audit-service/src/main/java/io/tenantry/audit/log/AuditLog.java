package io.tenantry.audit.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.audit.chain.HashChain;
import io.tenantry.audit.checkpoint.Checkpoint;
import io.tenantry.audit.checkpoint.Checkpoints;
import io.tenantry.audit.log.AuditEntry.Outcome;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads and verifies a tenant's audit log (RLS limits every query to the caller's tenant). */
@Component
class AuditLog {

	/** Every stored column but the derived search vector. */
	static final String COLUMNS = "tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip, "
			+ "resource_type, resource_id, outcome, occurred_at, recorded_at, payload, prev_hash, hash";

	private final JdbcTemplate jdbc;

	private final Checkpoints checkpoints;

	AuditLog(JdbcTemplate jdbc, Checkpoints checkpoints) {
		this.jdbc = jdbc;
		this.checkpoints = checkpoints;
	}

	@Transactional(readOnly = true)
	Page find(UUID tenantId, AuditLogFilter filter) {
		planForTheseValues();
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entry where ")
			.append(where(tenantId, filter, args));
		if (filter.cursor() != null) {
			sql.append(" and seq < ?");
			args.add(filter.cursor());
		}
		sql.append(" order by seq desc limit ?");
		args.add(filter.limit() + 1);
		List<AuditEntry> rows = this.jdbc.query(sql.toString(), AuditLog::entry, args.toArray());
		boolean more = rows.size() > filter.limit();
		List<AuditEntry> page = more ? rows.subList(0, filter.limit()) : rows;
		String next = more ? Long.toString(page.get(page.size() - 1).seq()) : null;
		return new Page(page.stream().map(EntryView::of).toList(), next);
	}

	/**
	 * How selective a filter or search term is decides the plan (a rare id wants the search
	 * index, a common word the newest-first scan), and a prepared statement's generic plan
	 * cannot see it: plan the queries of this transaction for their actual values.
	 */
	void planForTheseValues() {
		this.jdbc.execute("set local plan_cache_mode = force_custom_plan");
	}

	/** The SQL condition (and its arguments) selecting the tenant's entries that match the filter. */
	static String where(UUID tenantId, AuditLogFilter filter, List<Object> args) {
		StringBuilder sql = new StringBuilder("tenant_id = ?");
		args.add(tenantId);
		if (filter.actor() != null) {
			sql.append(" and actor_id = ?");
			args.add(filter.actor());
		}
		if (filter.action() != null) {
			String action = filter.action();
			if (action.endsWith("*") || action.endsWith(".")) {
				sql.append(" and action like ? escape '\\'");
				args.add(escapeLike(action.endsWith("*") ? action.substring(0, action.length() - 1) : action) + "%");
			}
			else {
				sql.append(" and action = ?");
				args.add(action);
			}
		}
		if (filter.resourceType() != null) {
			sql.append(" and resource_type = ?");
			args.add(filter.resourceType());
		}
		if (filter.resourceId() != null) {
			sql.append(" and resource_id = ?");
			args.add(filter.resourceId());
		}
		if (filter.outcome() != null) {
			sql.append(" and outcome = ?");
			args.add(filter.outcome().name());
		}
		if (filter.from() != null) {
			sql.append(" and occurred_at >= ?");
			args.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and occurred_at < ?");
			args.add(Timestamp.from(filter.to()));
		}
		if (filter.q() != null) {
			sql.append(" and search @@ websearch_to_tsquery('simple', ?)");
			args.add(filter.q());
		}
		return sql.toString();
	}

	/** Counts over the tenant's entries that occurred in [from, to). */
	@Transactional(readOnly = true)
	Stats stats(UUID tenantId, Instant from, Instant to) {
		planForTheseValues();
		String range = " from audit_entry where tenant_id = ? and occurred_at >= ? and occurred_at < ?";
		Object[] args = { tenantId, Timestamp.from(from), Timestamp.from(to) };
		Map<String, Object> totals = this.jdbc.queryForMap(
				"select count(*) as total, count(*) filter (where outcome = 'FAILURE') as failures" + range, args);
		List<Count> byAction = this.jdbc.query("select action as key, count(*) as n" + range
				+ " group by action order by n desc, action limit 100", AuditLog::count, args);
		List<Count> byDay = this.jdbc.query(
				"select to_char(date_trunc('day', occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as key, count(*) as n"
						+ range + " group by 1 order by 1",
				AuditLog::count, args);
		List<Count> topActors = this.jdbc.query("select coalesce(actor_id, '(none)') as key, count(*) as n" + range
				+ " group by 1 order by n desc, 1 limit 10", AuditLog::count, args);
		List<Count> failuresByAction = this.jdbc.query("select action as key, count(*) as n" + range
				+ " and outcome = 'FAILURE' group by action order by n desc, action limit 100", AuditLog::count, args);
		return new Stats(from, to, ((Number) totals.get("total")).longValue(),
				((Number) totals.get("failures")).longValue(), byAction, byDay, topActors, failuresByAction);
	}

	private static Count count(ResultSet rs, int row) throws SQLException {
		return new Count(rs.getString("key"), rs.getLong("n"));
	}

	/**
	 * Walks the chain in order, recomputing every hash; stops at the first entry whose
	 * stored hash or link to its predecessor does not match.
	 */
	@Transactional(readOnly = true)
	Verification verify(UUID tenantId, Instant from, Instant to) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entry where tenant_id = ?");
		List<Object> args = new ArrayList<>(List.of(tenantId));
		if (from != null) {
			sql.append(" and seq >= coalesce((select min(seq) from audit_entry where tenant_id = ? and occurred_at >= ?), 0)");
			args.add(tenantId);
			args.add(Timestamp.from(from));
		}
		if (to != null) {
			sql.append(" and occurred_at < ?");
			args.add(Timestamp.from(to));
		}
		sql.append(" order by seq");
		// checking the whole chain: its first entry must start it, or follow a signed
		// checkpoint of the purged entries before it
		ChainWalk walk = new ChainWalk((from != null) ? null : (first) -> startOfChain(tenantId, first));
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql.toString());
			statement.setFetchSize(1000);
			for (int i = 0; i < args.size(); i++) {
				statement.setObject(i + 1, args.get(i));
			}
			return statement;
		}, (ResultSet rs) -> {
			if (walk.broken == null) {
				walk.check(entry(rs, 0));
			}
		});
		return new Verification(walk.broken == null, walk.checked, walk.firstSeq, walk.lastSeq, walk.broken);
	}

	/** Why the first remaining entry may not start where it does, or null when it may. */
	private String startOfChain(UUID tenantId, AuditEntry first) {
		if (first.seq() == 1) {
			return HashChain.GENESIS.equals(first.prevHash()) ? null : "first entry does not start the chain";
		}
		Optional<Checkpoint> checkpoint = this.checkpoints.at(tenantId, first.seq() - 1);
		if (checkpoint.isEmpty()) {
			return "entries before it are gone and no signed checkpoint covers them";
		}
		if (!this.checkpoints.signatureValid(checkpoint.get())) {
			return "the checkpoint before it has an invalid signature";
		}
		if (!checkpoint.get().hash().equals(first.prevHash())) {
			return "does not link to the signed checkpoint before it";
		}
		return null;
	}

	private static final class ChainWalk {

		private final java.util.function.Function<AuditEntry, String> startCheck;

		ChainWalk(java.util.function.Function<AuditEntry, String> startCheck) {
			this.startCheck = startCheck;
		}

		long checked;

		Long firstSeq;

		Long lastSeq;

		BrokenLink broken;

		private AuditEntry previous;

		void check(AuditEntry entry) {
			if (this.firstSeq == null) {
				this.firstSeq = entry.seq();
			}
			if (this.previous != null && entry.seq() != this.previous.seq() + 1) {
				this.broken = new BrokenLink(entry.seq(), entry.eventId(), "entry " + (this.previous.seq() + 1) + " is missing");
				return;
			}
			if (this.previous != null && !entry.prevHash().equals(this.previous.hash())) {
				this.broken = new BrokenLink(entry.seq(), entry.eventId(), "does not link to the previous entry's hash");
				return;
			}
			if (this.previous == null && this.startCheck != null) {
				String problem = this.startCheck.apply(entry);
				if (problem != null) {
					this.broken = new BrokenLink(entry.seq(), entry.eventId(), problem);
					return;
				}
			}
			String expected;
			try {
				expected = HashChain.link(entry.prevHash(), entry.canonical());
			}
			catch (RuntimeException ex) {
				this.broken = new BrokenLink(entry.seq(), entry.eventId(), "content is unreadable");
				return;
			}
			if (!expected.equals(entry.hash())) {
				this.broken = new BrokenLink(entry.seq(), entry.eventId(), "content does not match its hash");
				return;
			}
			this.checked++;
			this.lastSeq = entry.seq();
			this.previous = entry;
		}

	}

	static AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getObject("tenant_id", UUID.class), rs.getLong("seq"),
				rs.getObject("event_id", UUID.class), rs.getString("action"), rs.getString("source"),
				rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("actor_ip"),
				rs.getString("resource_type"), rs.getString("resource_id"), Outcome.valueOf(rs.getString("outcome")),
				rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
				rs.getString("payload"), rs.getString("prev_hash"), rs.getString("hash"));
	}

	private static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/** A page of entries; {@code nextCursor} is null on the last page. */
	record Page(List<EntryView> items, String nextCursor) {
	}

	/** An entry as the API shows it, with its chain fields so it can be verified offline. */
	record EntryView(long seq, UUID eventId, String action, String source, Actor actor, String resourceType,
			String resourceId, Outcome outcome, Instant occurredAt, Instant recordedAt, String prevHash, String hash) {

		static EntryView of(AuditEntry entry) {
			return new EntryView(entry.seq(), entry.eventId(), entry.action(), entry.source(),
					new Actor(entry.actorType(), entry.actorId(), entry.actorIp()), entry.resourceType(),
					entry.resourceId(), entry.outcome(), entry.occurredAt(), entry.recordedAt(), entry.prevHash(),
					entry.hash());
		}

	}

	record Actor(String type, String id, String ip) {
	}

	/** Entry counts for a time range. */
	record Stats(Instant from, Instant to, long total, long failures, List<Count> byAction, List<Count> byDay,
			List<Count> topActors, List<Count> failuresByAction) {
	}

	record Count(String key, long count) {
	}

	/** The result of a chain check. */
	record Verification(boolean valid, long entriesVerified, Long firstSeq, Long lastSeq, BrokenLink firstBrokenLink) {
	}

	record BrokenLink(long seq, UUID eventId, String reason) {
	}

}
