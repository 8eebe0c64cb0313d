package io.tenantry.audit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exports a tenant's entries in chain order: streamed in the request when at most
 * {@code tenantry.audit.export.sync-limit} entries match, otherwise written to a file by a
 * job whose status and download the tenant can fetch.
 */
@Component
class AuditExports {

	private static final Logger log = LoggerFactory.getLogger(AuditExports.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final long syncLimit;

	private final Path directory;

	private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

	AuditExports(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
			@Value("${tenantry.audit.export.sync-limit:10000}") long syncLimit,
			@Value("${tenantry.audit.export.directory:${java.io.tmpdir}/tenantry-audit-exports}") Path directory) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.syncLimit = syncLimit;
		this.directory = directory;
	}

	boolean fitsInRequest(UUID tenant, AuditLogFilter filter) {
		List<Object> args = new ArrayList<>();
		String where = AuditLog.where(tenant, filter, args);
		Long count = TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> this.jdbc
			.queryForObject("select count(*) from (select 1 from audit_entry where " + where + " limit ?) matched",
					Long.class, append(args, this.syncLimit + 1))));
		return count != null && count <= this.syncLimit;
	}

	/** Writes the matching entries to {@code out}, for {@code tenant} (any thread). */
	long write(UUID tenant, AuditLogFilter filter, String format, OutputStream out) {
		List<Object> args = new ArrayList<>();
		String sql = "select " + AuditLog.COLUMNS + " from audit_entry where " + AuditLog.where(tenant, filter, args)
				+ " order by seq";
		Long rows = TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			this.jdbc.execute("set local plan_cache_mode = force_custom_plan");
			try (ExportWriter writer = new ExportWriter(out, format)) {
				this.jdbc.query((connection) -> {
					var statement = connection.prepareStatement(sql);
					statement.setFetchSize(1000);
					for (int i = 0; i < args.size(); i++) {
						statement.setObject(i + 1, args.get(i));
					}
					return statement;
				}, (java.sql.ResultSet rs) -> {
					try {
						writer.write(rs);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
				return writer.rows();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}));
		return (rows != null) ? rows : 0;
	}

	/** Starts a job writing the export to a file; answers at once with its RUNNING status. */
	ExportJob start(UUID tenant, ExportRequest request, String requestedBy) {
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		String filterJson = JsonMapper.builder().build().writeValueAsString(request);
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> this.jdbc.update("""
				insert into audit_export_job (tenant_id, id, status, format, filter, requested_by, created_at)
				values (?, ?, 'RUNNING', ?, ?, ?, ?)""", tenant, id, request.format(), filterJson, requestedBy,
				Timestamp.from(now))));
		AuditLogFilter filter = request.filter();
		this.jobs.submit(() -> run(tenant, id, filter, request.format()));
		return job(tenant, id).orElseThrow();
	}

	private void run(UUID tenant, UUID id, AuditLogFilter filter, String format) {
		Path file = file(tenant, id, format);
		try {
			Files.createDirectories(file.getParent());
			long rows;
			try (OutputStream out = Files.newOutputStream(file)) {
				rows = write(tenant, filter, format, out);
			}
			finish(tenant, id, "DONE", rows, null);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Audit export {} of tenant {} failed", id, tenant, ex);
			finish(tenant, id, "FAILED", null, "The export could not be written; request it again");
		}
	}

	private void finish(UUID tenant, UUID id, String status, Long rows, String error) {
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> this.jdbc.update(
				"update audit_export_job set status = ?, rows = ?, error = ?, finished_at = ? where tenant_id = ? and id = ?",
				status, rows, error, Timestamp.from(this.clock.instant()), tenant, id)));
	}

	Optional<ExportJob> job(UUID tenant, UUID id) {
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> this.jdbc.query(
				"select * from audit_export_job where tenant_id = ? and id = ?",
				(rs, row) -> new ExportJob(rs.getObject("id", UUID.class), rs.getString("status"),
						rs.getString("format"), (Long) rs.getObject("rows"), rs.getTimestamp("created_at").toInstant(),
						(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null,
						rs.getString("error"),
						"DONE".equals(rs.getString("status")) ? "/api/audit/exports/" + id + "/download" : null),
				tenant, id)
			.stream()
			.findFirst()));
	}

	Path file(UUID tenant, UUID id, String format) {
		return this.directory.resolve(tenant.toString()).resolve(id + "." + format);
	}

	private static Object[] append(List<Object> args, Object last) {
		List<Object> all = new ArrayList<>(args);
		all.add(last);
		return all.toArray();
	}

	/** An export job as the API shows it. */
	record ExportJob(UUID id, String status, String format, Long rows, Instant createdAt, Instant finishedAt,
			String error, String downloadUrl) {
	}


}
