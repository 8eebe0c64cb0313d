package io.tenantry.tenant.tenant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.tenant.events.ProvisioningStepChanged;
import io.tenantry.tenant.events.TenantCreated;
import io.tenantry.tenant.events.TenantLifecycleChanged;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Onboarding as a choreographed saga. A new tenant starts PROVISIONING with one PENDING step
 * per configured step; {@code tenant.created} is what asks each claiming service for its
 * part, and each answers through its own events ({@code organization.created} of a root,
 * {@code user.created} of an OWNER), which mark the step DONE. The last step done makes the
 * tenant ACTIVE ({@code tenant.activated}). A step silent for {@code step-timeout} is asked
 * for again by publishing {@code tenant.created} anew (every consumer of it is idempotent),
 * and after {@code step-attempts} it is FAILED and shown on the tenant, which stays
 * PROVISIONING until an operator deletes it or activates it with {@code reactivate}.
 */
@Component
class Provisioning {

	static final String ORGANIZATION = "organization";

	static final String OWNER = "owner";

	private final JdbcTemplate jdbc;

	private final TenantRepository tenants;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final TenantProperties properties;

	private final Clock clock;

	Provisioning(JdbcTemplate jdbc, TenantRepository tenants, EventOutbox events, TransactionTemplate transactions,
			TenantProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/** The steps a tenant created now waits for; none means it is active at once. */
	List<String> stepsFor(boolean hasOwner) {
		return this.properties.provisioningSteps().stream().filter((step) -> hasOwner || !step.equals(OWNER)).toList();
	}

	/** Records the new tenant's steps, in its creating transaction. */
	void start(UUID tenantId, List<String> steps) {
		Timestamp now = Timestamp.from(this.clock.instant());
		for (String step : steps) {
			this.jdbc.update("insert into tenant_provisioning_step (tenant_id, step, status, updated_at)"
					+ " values (?, ?, 'PENDING', ?)", tenantId, step, now);
		}
	}

	/**
	 * A claiming service reported its step; in the caller's transaction, as the tenant. The
	 * last step makes the tenant ACTIVE.
	 */
	void done(UUID tenantId, String step, String detail) {
		Instant now = this.clock.instant();
		// the tenant's row first: two steps finishing at once (their events arrive on two
		// consumers) take turns, so the second sees the first done and activates the tenant
		Tenant tenant = this.tenants.findForUpdate(tenantId).orElse(null);
		Integer attempts = this.jdbc.query("""
				update tenant_provisioning_step set status = 'DONE', detail = ?, updated_at = ?
				where step = ? and status <> 'DONE' returning attempts
				""", (rs, row) -> rs.getInt(1), detail, Timestamp.from(now), step).stream().findFirst().orElse(null);
		if (attempts == null) {
			return;
		}
		this.events.append(Topics.TENANT, ProvisioningStepChanged.TYPE, tenantId.toString(),
				new ProvisioningStepChanged(tenantId, step, "DONE", attempts, detail), "system", null);
		activateIfComplete(tenant, now);
	}

	/** Activates a PROVISIONING tenant, locked by the caller, whose every step is done. */
	private void activateIfComplete(Tenant tenant, Instant now) {
		if (tenant == null || tenant.getStatus() != TenantStatus.PROVISIONING) {
			return;
		}
		Long open = this.jdbc.queryForObject("select count(*) from tenant_provisioning_step where status <> 'DONE'",
				Long.class);
		if (open == null || open > 0) {
			return;
		}
		tenant.activate(now);
		this.tenants.saveAndFlush(tenant);
		this.events.append(Topics.TENANT, TenantLifecycleChanged.ACTIVATED, tenant.getId().toString(),
				new TenantLifecycleChanged(tenant.getId(), tenant.getSlug(), tenant.getStatus().name(),
						TenantStatus.PROVISIONING.name(), null, null),
				"system", null);
	}

	/** The tenant's onboarding steps, in the order configured. */
	List<StepView> steps() {
		return this.jdbc.query("select step, status, attempts, detail, updated_at from tenant_provisioning_step"
				+ " order by updated_at, step", (rs, row) -> new StepView(rs.getString(1), rs.getString(2), rs.getInt(3),
				rs.getString(4), rs.getTimestamp(5).toInstant()));
	}

	/**
	 * Asks again for the steps that stayed silent, gives up on those asked too often, and
	 * activates a tenant whose steps are all done but that is still PROVISIONING (as a
	 * tenant could be before steps took turns).
	 */
	@Scheduled(fixedDelayString = "${tenantry.tenants.step-check-interval:10s}")
	void retryStalled() {
		Instant cutoff = this.clock.instant().minus(this.properties.stepTimeout());
		Map<UUID, List<String>> stalled = new LinkedHashMap<>();
		List<UUID> complete = new java.util.ArrayList<>();
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.queryForObject("select set_config('app.platform_operator', 'on', true)", String.class);
			complete.addAll(this.jdbc.queryForList("""
					select t.tenant_id from tenant t where t.status = 'PROVISIONING'
					and not exists (select 1 from tenant_provisioning_step s
					                where s.tenant_id = t.tenant_id and s.status <> 'DONE')
					and exists (select 1 from tenant_provisioning_step s where s.tenant_id = t.tenant_id)""",
					UUID.class));
			this.jdbc.query("select tenant_id, step from tenant_provisioning_step where status = 'PENDING'"
					+ " and updated_at < ? order by tenant_id", (rs) -> {
						stalled.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new java.util.ArrayList<>())
							.add(rs.getString(2));
					}, Timestamp.from(cutoff));
		});
		stalled.forEach((tenantId, steps) -> TenantContext.runAs(tenantId,
				() -> this.transactions.executeWithoutResult((tx) -> retry(tenantId, steps))));
		complete.forEach((tenantId) -> TenantContext.runAs(tenantId, () -> this.transactions.executeWithoutResult(
				(tx) -> activateIfComplete(this.tenants.findForUpdate(tenantId).orElse(null), this.clock.instant()))));
	}

	private void retry(UUID tenantId, List<String> steps) {
		Tenant tenant = this.tenants.findForUpdate(tenantId).orElse(null);
		if (tenant == null || tenant.getStatus() != TenantStatus.PROVISIONING) {
			return;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		boolean askAgain = false;
		for (String step : steps) {
			// the step may have been answered since the stalled steps were read: then it is not asked again
			List<Integer> pending = this.jdbc.queryForList(
					"select attempts from tenant_provisioning_step where step = ? and status = 'PENDING'", Integer.class,
					step);
			if (pending.isEmpty() || pending.get(0) == null) {
				continue;
			}
			int attempts = pending.get(0);
			if (attempts >= this.properties.stepAttempts()) {
				String detail = "No answer after " + attempts + " attempts";
				this.jdbc.update("update tenant_provisioning_step set status = 'FAILED', detail = ?, updated_at = ?"
						+ " where step = ?", detail, now, step);
				this.events.append(Topics.TENANT, ProvisioningStepChanged.TYPE, tenantId.toString(),
						new ProvisioningStepChanged(tenantId, step, "FAILED", attempts, detail), "system", null);
			}
			else {
				this.jdbc.update("update tenant_provisioning_step set attempts = attempts + 1, updated_at = ?"
						+ " where step = ?", now, step);
				this.events.append(Topics.TENANT, ProvisioningStepChanged.TYPE, tenantId.toString(),
						new ProvisioningStepChanged(tenantId, step, "PENDING", attempts + 1, "asked again"), "system",
						null);
				askAgain = true;
			}
		}
		if (askAgain) {
			this.events.append(Topics.TENANT, TenantCreated.TYPE, tenantId.toString(),
					new TenantCreated(tenantId, tenant.getSlug(), tenant.getName(), tenant.getPlan().name(),
							tenant.getStatus().name(), tenant.getOwnerEmail()),
					"system", null);
		}
	}

	/** One onboarding step as the API shows it. */
	record StepView(String step, String status, int attempts, String detail, Instant updatedAt) {
	}

}
