package io.tenantry.billing.subscription;

import java.time.Clock;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.events.OperatorAccess;
import io.tenantry.billing.plan.Plan;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import io.tenantry.common.web.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The only way across tenants in billing: a platform operator (PLATFORM_ADMIN of the platform
 * tenant) names the tenant, and every read or change is recorded first, in that tenant's
 * audit log and in the platform's ({@link OperatorAccess}). A change is the tenant's own
 * subscription change (upgrade now and prorated, downgrade at the period's end), made as the
 * tenant with the operator as the events' actor. This is how an operator changes a tenant's
 * plan: tenant-service's plan follows billing.
 */
@RestController
@RequestMapping("/api/billing/platform/tenants/{tenantId}/subscription")
@PreAuthorize("hasRole('PLATFORM_ADMIN')")
class PlatformSubscriptionController {

	private final Subscriptions subscriptions;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	PlatformSubscriptionController(Subscriptions subscriptions, EventOutbox events, TransactionTemplate transactions,
			Clock clock) {
		this.subscriptions = subscriptions;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "A platform operator reads a tenant's subscription (audited in both logs)")
	SubscriptionView get(@PathVariable UUID tenantId, Authentication operator) {
		requirePlatform(tenantId);
		recordInPlatformLog(tenantId, operator.getName(), "READ");
		return TenantContext.callAs(tenantId, () -> this.transactions.execute((tx) -> {
			SubscriptionView view = this.subscriptions.get(tenantId);
			record(tenantId, tenantId, operator.getName(), "READ");
			return view;
		}));
	}

	@PutMapping
	@Operation(summary = "A platform operator changes a tenant's plan or interval (audited in both logs)",
			description = "As the tenant's own PUT /api/billing/subscriptions/{id}: an upgrade now, prorated; a "
					+ "downgrade at the period's end, refused (409, violations) while the tenant uses more than the new "
					+ "plan allows. tenant-service's plan follows (entitlements-changed).")
	SubscriptionView change(@PathVariable UUID tenantId, @Valid @RequestBody SubscriptionController.Change request,
			Authentication operator) {
		requirePlatform(tenantId);
		Plan plan = Plan.named(request.plan());
		Interval interval = (request.interval() == null) ? null : Interval.named(request.interval());
		if (plan == null) {
			throw new InvalidRequestException(
					java.util.List.of(new FieldError("plan", "must be one of BASIC, PROFESSIONAL, ENTERPRISE")));
		}
		if (request.interval() != null && interval == null) {
			throw new InvalidRequestException(java.util.List.of(new FieldError("interval", "must be MONTHLY or YEARLY")));
		}
		recordInPlatformLog(tenantId, operator.getName(), "CHANGE");
		return TenantContext.callAs(tenantId, () -> this.transactions.execute((tx) -> {
			SubscriptionView current = this.subscriptions.get(tenantId);
			record(tenantId, tenantId, operator.getName(), "CHANGE");
			return this.subscriptions.change(tenantId, current.id(), plan,
					(interval != null) ? interval : Interval.named(current.interval()));
		}));
	}

	private static void requirePlatform(UUID tenantId) {
		if (!PlatformTenant.ID.equals(TenantContext.requireTenantId()) || PlatformTenant.ID.equals(tenantId)) {
			throw new ResourceNotFoundException("Subscription of tenant", tenantId);
		}
	}

	/**
	 * Recorded in the platform's log first, in a transaction of its own, whatever follows (an
	 * attempt on a tenant without a subscription is recorded too).
	 */
	private void recordInPlatformLog(UUID tenantId, String operator, String action) {
		TenantContext.runAs(PlatformTenant.ID, () -> this.transactions
			.executeWithoutResult((tx) -> record(PlatformTenant.ID, tenantId, operator, action)));
	}

	/** Recorded in {@code log}'s audit log, in the current transaction (as that tenant). */
	private void record(UUID log, UUID tenantId, String operator, String action) {
		this.events.append(Topics.BILLING, OperatorAccess.TYPE, tenantId.toString(),
				new OperatorAccess(log, tenantId, operator, action, "subscription", this.clock.instant()));
	}

}
