package io.tenantry.tenant.tenant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.tenant.events.TenantCreated;
import io.tenantry.tenant.events.TenantLifecycleChanged;
import io.tenantry.tenant.events.TenantsListed;
import io.tenantry.tenant.events.TenantUpdated;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants and their lifecycle.
 * <p>
 * A tenant's row and events belong to that tenant (its RLS policy and its Kafka key), so
 * whatever is done to a tenant is done as that tenant. A platform operator acts on any
 * tenant by naming it; anyone else only ever sees their own tenant, so another tenant's id
 * answers 404 as if it did not exist. The list across tenants is a platform operator's
 * and is the one read made under the {@code platform_operator} policy.
 */
@Service
class Tenants {

	private static final Map<String, String> SORTS = Map.of("createdAt", "created_at", "name", "lower(name)", "slug",
			"slug", "status", "status", "plan", "plan");

	private final TenantRepository tenants;

	private final EventOutbox events;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TenantProperties properties;

	private final Provisioning provisioning;

	private final Clock clock;

	Tenants(TenantRepository tenants, EventOutbox events, JdbcTemplate jdbc, TransactionTemplate transactions,
			TenantProperties properties, Provisioning provisioning, Clock clock) {
		this.tenants = tenants;
		this.events = events;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.provisioning = provisioning;
		this.clock = clock;
	}

	TenantResponse create(Operator caller, TenantRequests.Create request) {
		caller.requirePlatformAdmin("create tenants");
		return open(request);
	}

	/** Self-service sign-up: a BASIC tenant in the default region, with its first OWNER. */
	TenantResponse signUp(TenantRequests.SignUp request) {
		return open(new TenantRequests.Create(request.slug(), request.name(), Plan.BASIC, null, request.ownerEmail(),
				request.ownerName()));
	}

	private TenantResponse open(TenantRequests.Create request) {
		UUID id = UUID.randomUUID();
		String region = (request.region() != null) ? request.region() : this.properties.defaultRegion();
		List<String> steps = this.provisioning.stepsFor(request.ownerEmail() != null);
		Tenant tenant = new Tenant(id, request.slug(), request.name().strip(), request.plan(), region,
				request.ownerEmail(), (request.ownerName() != null) ? request.ownerName().strip() : null,
				steps.isEmpty() ? TenantStatus.ACTIVE : TenantStatus.PROVISIONING, this.clock.instant());
		try {
			return TenantContext.callAs(id, () -> this.transactions.execute((tx) -> {
				this.tenants.saveAndFlush(tenant);
				this.provisioning.start(id, steps);
				this.events.append(Topics.TENANT, TenantCreated.TYPE, id.toString(), new TenantCreated(id,
						tenant.getSlug(), tenant.getName(), tenant.getPlan().name(), tenant.getStatus().name(),
						request.ownerEmail()));
				return TenantResponse.of(tenant, this.provisioning.steps());
			}));
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("The slug " + request.slug() + " is taken");
		}
	}

	TenantResponse get(Operator caller, UUID id) {
		UUID scope = caller.platformAdmin() ? id : caller.tenantId();
		return TenantContext.callAs(scope, () -> this.transactions.execute((tx) -> this.tenants.findById(id)
			.map((tenant) -> TenantResponse.of(tenant, this.provisioning.steps()))
			.orElseThrow(() -> new ResourceNotFoundException("Tenant", id))));
	}

	PageResponse<TenantResponse> list(Operator caller, String status, String plan, String q, int page, int size,
			String sort) {
		caller.requirePlatformAdmin("list tenants");
		ListQuery query = ListQuery.from("tenant");
		TenantStatus byStatus = query.enumValue("status", status, TenantStatus.class);
		Plan byPlan = query.enumValue("plan", plan, Plan.class);
		query.whereIf(byStatus, "status = ?", (byStatus != null) ? byStatus.name() : null)
			.whereIf(byPlan, "plan = ?", (byPlan != null) ? byPlan.name() : null)
			.search("q", q, "name", "slug");
		return this.transactions.execute((tx) -> {
			acrossTenants();
			PageResponse<TenantResponse> found = query.page(this.jdbc, "tenant_id", UUID.class, SORTS, sort,
					"createdAt,desc", page, size, (ids) -> {
						Map<UUID, Tenant> byId = new HashMap<>();
						this.tenants.findAllById(ids).forEach((tenant) -> byId.put(tenant.getId(), tenant));
						return ids.stream().map(byId::get).filter(Objects::nonNull).map(TenantResponse::of).toList();
					});
			// the one read across tenants is audited: an event of the platform tenant
			this.events.append(Topics.TENANT, TenantsListed.TYPE, PlatformTenant.ID.toString(),
					new TenantsListed(PlatformTenant.ID, status, plan, q, page, size,
							found.items().stream().map(TenantResponse::id).toList()));
			return found;
		});
	}

	TenantResponse update(Operator caller, UUID id, TenantRequests.Update update) {
		return as(caller, id, (tenant) -> {
			caller.requireAnyOf(id, "update the tenant", "OWNER", "ADMIN");
			TenantResponse before = TenantResponse.of(tenant);
			if (update.plan() != null && update.plan() != tenant.getPlan()) {
				throw planIsBillings(tenant);
			}
			if (!caller.platformAdmin() && update.region() != null) {
				throw new AccessDeniedException("Only a PLATFORM_ADMIN may change a tenant's region");
			}
			tenant.update(update, caller.platformAdmin(), this.clock.instant());
			List<String> changed = changes(before, TenantResponse.of(tenant));
			if (!changed.isEmpty()) {
				try {
					this.tenants.saveAndFlush(tenant);
				}
				catch (DataIntegrityViolationException ex) {
					throw new ConflictException("The slug " + update.slug() + " is taken");
				}
				this.events.append(Topics.TENANT, TenantUpdated.TYPE, id.toString(),
						new TenantUpdated(id, tenant.getSlug(), tenant.getName(), tenant.getPlan().name(),
								tenant.getRegion(), tenant.getStatus().name(), changed));
			}
			return TenantResponse.of(tenant);
		});
	}

	TenantResponse suspend(Operator caller, UUID id, String reason) {
		caller.requirePlatformAdmin("suspend tenants");
		requireNotPlatform(id, "suspended");
		return as(caller, id, (tenant) -> {
			TenantStatus previous = tenant.getStatus();
			tenant.suspend(reason.strip(), Suspension.OPERATOR, this.clock.instant());
			return changed(tenant, previous, TenantLifecycleChanged.SUSPENDED);
		});
	}

	TenantResponse reactivate(Operator caller, UUID id) {
		caller.requirePlatformAdmin("reactivate tenants");
		return as(caller, id, (tenant) -> {
			TenantStatus previous = tenant.getStatus();
			tenant.reactivate(this.clock.instant());
			return changed(tenant, previous, TenantLifecycleChanged.REACTIVATED);
		});
	}

	/**
	 * billing-service gave up collecting an invoice: an ACTIVE tenant is suspended for
	 * non-payment, with {@code reason} shown to its users. A tenant in any other state (an
	 * operator's suspension included) is left as it is. In the caller's transaction, as the
	 * tenant.
	 * @return whether the tenant was suspended
	 */
	boolean suspendForNonPayment(UUID id, String reason) {
		Tenant tenant = this.tenants.findForUpdate(id).orElse(null);
		if (tenant == null || tenant.getStatus() != TenantStatus.ACTIVE) {
			return false;
		}
		tenant.suspend(reason, Suspension.NONPAYMENT, this.clock.instant());
		systemChanged(tenant, TenantStatus.ACTIVE, TenantLifecycleChanged.SUSPENDED);
		return true;
	}

	/**
	 * billing-service was paid what was overdue: a tenant it suspended is reactivated; an
	 * operator's suspension is never lifted by a payment. In the caller's transaction, as the
	 * tenant.
	 * @return whether the tenant was reactivated
	 */
	boolean reactivateAfterPayment(UUID id) {
		Tenant tenant = this.tenants.findForUpdate(id).orElse(null);
		if (tenant == null || !tenant.isSuspendedForNonPayment()) {
			return false;
		}
		tenant.reactivate(this.clock.instant());
		systemChanged(tenant, TenantStatus.SUSPENDED, TenantLifecycleChanged.REACTIVATED);
		return true;
	}

	/**
	 * The plan billing-service put into effect becomes the tenant's, announced as an
	 * operator's plan change was ({@code tenant.updated} naming {@code plan}). In the caller's
	 * transaction, as the tenant.
	 * @return whether the plan changed
	 */
	boolean followPlan(UUID id, Plan plan) {
		Tenant tenant = this.tenants.findForUpdate(id).orElse(null);
		if (tenant == null || tenant.getStatus() == TenantStatus.DELETED
				|| !tenant.followPlan(plan, this.clock.instant())) {
			return false;
		}
		this.tenants.saveAndFlush(tenant);
		this.events.append(Topics.TENANT, TenantUpdated.TYPE, id.toString(),
				new TenantUpdated(id, tenant.getSlug(), tenant.getName(), tenant.getPlan().name(), tenant.getRegion(),
						tenant.getStatus().name(), List.of("plan")),
				"system", null);
		return true;
	}

	/** Schedules the deletion: purged after the grace period unless reactivated before. */
	TenantResponse delete(Operator caller, UUID id, String reason) {
		requireNotPlatform(id, "deleted");
		return as(caller, id, (tenant) -> {
			caller.requireAnyOf(id, "delete the tenant", "OWNER");
			TenantStatus previous = tenant.getStatus();
			tenant.scheduleDeletion((reason != null) ? reason.strip() : null, this.properties.deletionGracePeriod(),
					this.clock.instant());
			return changed(tenant, previous, TenantLifecycleChanged.DELETION_SCHEDULED);
		});
	}

	/**
	 * Ends the grace period of every tenant whose deletion is due: DELETED, and
	 * {@code tenant.deleted} published, on which every service (this one too, tenant row
	 * included) purges the tenant's data. Returns how many.
	 */
	int purgeDue() {
		Instant now = this.clock.instant();
		List<UUID> due = this.transactions.execute((tx) -> {
			acrossTenants();
			return this.jdbc.queryForList(
					"select tenant_id from tenant where status = 'PENDING_DELETION' and purge_after <= ?", UUID.class,
					Timestamp.from(now));
		});
		int purged = 0;
		for (UUID id : due) {
			Boolean done = TenantContext.callAs(id, () -> this.transactions.execute((tx) -> {
				Tenant tenant = this.tenants.findForUpdate(id).orElse(null);
				if (tenant == null || tenant.getStatus() != TenantStatus.PENDING_DELETION
						|| tenant.getPurgeAfter().isAfter(now)) {
					return false;
				}
				TenantStatus previous = tenant.getStatus();
				tenant.markDeleted(now);
				this.tenants.saveAndFlush(tenant);
				this.events.append(Topics.TENANT, TenantLifecycleChanged.DELETED, id.toString(),
						new TenantLifecycleChanged(id, tenant.getSlug(), tenant.getStatus().name(), previous.name(),
								tenant.getStatusReason(), null),
						"system", null);
				return true;
			}));
			purged += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		return purged;
	}

	private TenantResponse changed(Tenant tenant, TenantStatus previous, String type) {
		this.tenants.saveAndFlush(tenant);
		this.events.append(Topics.TENANT, type, tenant.getId().toString(),
				new TenantLifecycleChanged(tenant.getId(), tenant.getSlug(), tenant.getStatus().name(),
						previous.name(), tenant.getStatusReason(), tenant.getPurgeAfter()));
		return TenantResponse.of(tenant);
	}

	/** A status change the system made (on another service's event), not a caller. */
	private void systemChanged(Tenant tenant, TenantStatus previous, String type) {
		this.tenants.saveAndFlush(tenant);
		this.events.append(Topics.TENANT, type, tenant.getId().toString(),
				new TenantLifecycleChanged(tenant.getId(), tenant.getSlug(), tenant.getStatus().name(),
						previous.name(), tenant.getStatusReason(), tenant.getPurgeAfter()),
				"system", null);
	}

	/**
	 * Runs {@code work} on the tenant, locked, in one transaction: as that tenant for a
	 * platform operator, else as the caller's own tenant, where another id is not found.
	 */
	private <T> T as(Operator caller, UUID id, Function<Tenant, T> work) {
		UUID scope = caller.platformAdmin() ? id : caller.tenantId();
		return TenantContext.callAs(scope, () -> this.transactions.execute((tx) -> {
			Tenant tenant = this.tenants.findForUpdate(id).orElseThrow(() -> new ResourceNotFoundException("Tenant", id));
			return work.apply(tenant);
		}));
	}

	private void acrossTenants() {
		this.jdbc.queryForObject("select set_config('app.platform_operator', 'on', true)", String.class);
	}

	/**
	 * The plan is billing-service's: it changes with the tenant's subscription and reaches
	 * this service as {@code entitlements-changed}, so a change here would be undone, or
	 * never billed.
	 */
	private static ConflictException planIsBillings(Tenant tenant) {
		return new ConflictException("The plan is billing-service's: change the tenant's subscription with "
				+ "PUT /api/billing/subscriptions/{id} (a platform operator: PUT "
				+ "/api/billing/platform/tenants/{tenantId}/subscription); the tenant's plan follows it",
				Map.of("field", "plan", "plan", tenant.getPlan().name()));
	}

	private static void requireNotPlatform(UUID id, String verb) {
		if (PlatformTenant.ID.equals(id)) {
			throw new ConflictException("The platform tenant cannot be " + verb);
		}
	}

	private static List<String> changes(TenantResponse before, TenantResponse after) {
		List<String> changed = new ArrayList<>();
		addIf(changed, "slug", before.slug(), after.slug());
		addIf(changed, "name", before.name(), after.name());
		addIf(changed, "plan", before.plan(), after.plan());
		addIf(changed, "region", before.region(), after.region());
		addIf(changed, "ownerEmail", before.ownerEmail(), after.ownerEmail());
		addIf(changed, "ownerName", before.ownerName(), after.ownerName());
		return changed;
	}

	private static void addIf(List<String> changed, String field, Object before, Object after) {
		if (!Objects.equals(before, after)) {
			changed.add(field);
		}
	}

}
