package io.tenantry.audit.checkpoint;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs a checkpoint of every chain that grew since its last one, daily (and on demand).
 */
@Component
public class Checkpoints {

	private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final CheckpointKeys keys;

	private final Clock clock;

	Checkpoints(JdbcTemplate jdbc, TransactionTemplate transactions, CheckpointKeys keys, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.keys = keys;
		this.clock = clock;
	}

	@Scheduled(cron = "${tenantry.audit.checkpoint-cron:0 5 0 * * *}", zone = "UTC")
	public void checkpointAll() {
		List<UUID> tenants = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.audit_maintenance', 'on', true)", String.class);
			return this.jdbc.queryForList("select tenant_id from audit_chain_head", UUID.class);
		});
		int signed = 0;
		for (UUID tenant : (tenants != null) ? tenants : List.<UUID>of()) {
			if (checkpoint(tenant).isPresent()) {
				signed++;
			}
		}
		log.info("Signed {} checkpoint(s) for {} chain(s)", signed, (tenants != null) ? tenants.size() : 0);
	}

	/** Signs a checkpoint of {@code tenant}'s chain head, unless its last checkpoint covers it. */
	public Optional<Checkpoint> checkpoint(UUID tenant) {
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			List<Map<String, Object>> head = this.jdbc
				.queryForList("select last_seq, last_hash from audit_chain_head where tenant_id = ? for update", tenant);
			if (head.isEmpty()) {
				return Optional.<Checkpoint>empty();
			}
			long seq = ((Number) head.get(0).get("last_seq")).longValue();
			Long covered = this.jdbc.queryForObject("select max(seq) from audit_checkpoint where tenant_id = ?", Long.class,
					tenant);
			if (seq == 0 || (covered != null && covered >= seq)) {
				return Optional.<Checkpoint>empty();
			}
			String hash = (String) head.get(0).get("last_hash");
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
			CheckpointKeys.Key key = this.keys.current();
			String signature = key.sign(Checkpoint.signedContent(tenant, seq, hash, now));
			this.jdbc.update("""
					insert into audit_checkpoint (tenant_id, seq, hash, created_at, kid, signature)
					values (?, ?, ?, ?, ?, ?)""", tenant, seq, hash, Timestamp.from(now), key.kid(), signature);
			return Optional.of(new Checkpoint(tenant, seq, hash, now, key.kid(), signature));
		}));
	}

	/**
	 * Signs a checkpoint at a given entry (its seq and hash), unless one exists there. Used
	 * before entries up to {@code seq} are purged. Runs in the caller's transaction and
	 * tenant context.
	 */
	public void checkpointAt(UUID tenant, long seq, String hash) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		CheckpointKeys.Key key = this.keys.current();
		this.jdbc.update("""
				insert into audit_checkpoint (tenant_id, seq, hash, created_at, kid, signature)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing""", tenant, seq, hash, Timestamp.from(now), key.kid(),
				key.sign(Checkpoint.signedContent(tenant, seq, hash, now)));
	}

	/** The tenant's checkpoints, newest first. Runs in the caller's tenant context. */
	public List<Checkpoint> list(UUID tenant, int limit) {
		return TenantContext.callAs(tenant,
				() -> this.transactions.execute((tx) -> this.jdbc.query(
						"select * from audit_checkpoint where tenant_id = ? order by seq desc limit ?",
						(rs, row) -> new Checkpoint(rs.getObject("tenant_id", UUID.class), rs.getLong("seq"),
								rs.getString("hash"), rs.getTimestamp("created_at").toInstant(), rs.getString("kid"),
								rs.getString("signature")),
						tenant, limit)));
	}

	/** The checkpoint at exactly {@code seq}, if one was signed. */
	public Optional<Checkpoint> at(UUID tenant, long seq) {
		return list(tenant, Integer.MAX_VALUE).stream().filter((c) -> c.seq() == seq).findFirst();
	}

	/** Whether the checkpoint's signature is one of this service's keys' and matches. */
	public boolean signatureValid(Checkpoint checkpoint) {
		try {
			return CheckpointKeys.verify(this.keys.publicKey(checkpoint.kid()), checkpoint.signedContent(),
					checkpoint.signature());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The public keys, for verifying checkpoints offline: kid to base64 X.509 (Ed25519). */
	public Map<String, String> publicKeys() {
		return this.jdbc.query("select kid, public_key from audit_signing_key order by created_at",
				(rs) -> {
					Map<String, String> keys = new java.util.LinkedHashMap<>();
					while (rs.next()) {
						keys.put(rs.getString("kid"), rs.getString("public_key"));
					}
					return keys;
				});
	}

}
