package io.tenantry.billing.entitlement;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.plan.Money;
import io.tenantry.billing.subscription.SubscriptionPlans;
import io.tenantry.billing.usage.Metric;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entitlements for the tenant's users and products (any token of the tenant: a product asks
 * before it creates a project), and the billing summary for those who manage billing.
 */
@RestController
class EntitlementController {

	private final Entitlements entitlements;

	private final SubscriptionPlans subscriptions;

	private final TransactionTemplate transactions;

	EntitlementController(Entitlements entitlements, SubscriptionPlans subscriptions,
			TransactionTemplate transactions) {
		this.entitlements = entitlements;
		this.subscriptions = subscriptions;
		this.transactions = transactions;
	}

	@GetMapping("/api/billing/entitlements")
	@Operation(summary = "The tenant's plan, features, and each metric's limit and use",
			description = "A limit of null is unlimited. A level (users, projects, storage_bytes) is its current value; "
					+ "a counter (api_calls) its total in the current period. 404 when the tenant has no subscription.")
	Entitlements.View entitlements() {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> this.entitlements.view(tenant))
			.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenant));
	}

	@PostMapping("/api/billing/entitlements/check")
	@Operation(summary = "May the tenant add this much of a metric now? {allowed, limit, used, remaining}",
			description = "For products that enforce limits on their own objects (projects, storage). A read: the "
					+ "product reports the new level once it has created the object.")
	Entitlements.Check check(@Valid @RequestBody CheckRequest request) {
		Metric metric = Metric.named(request.metric());
		if (metric == null) {
			throw new InvalidRequestException("metric", "must be one of " + Metric.names());
		}
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> this.entitlements.check(tenant, metric, request.quantity()))
			.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenant));
	}

	@GetMapping("/api/billing/summary")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "The tenant's billing at a glance",
			description = "Plan, period, usage against each limit with its percentage, the next invoice's estimate "
					+ "(null once canceled), the open balance and the payment status.")
	Summary summary() {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> {
			SubscriptionPlans.Current current = this.subscriptions.current(tenant)
				.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenant));
			Entitlements.View view = this.entitlements.view(tenant).orElseThrow();
			String currency = current.version().currency();
			long periodPrice = current.version()
				.priceFor(Period.between(current.periodStart().atZone(ZoneOffset.UTC).toLocalDate(),
						current.periodEnd().atZone(ZoneOffset.UTC).toLocalDate()));
			Money next = "CANCELED".equals(current.status()) ? null : Money.of(periodPrice, currency);
			return new Summary(view.plan(), view.planVersion(), current.status(), current.periodStart(),
					current.periodEnd(), view.usage(), next, current.periodEnd(),
					Money.of(this.subscriptions.openBalance(tenant), currency), current.paymentMethodSaved());
		});
	}

	record CheckRequest(@NotNull String metric,
			@NotNull @PositiveOrZero @Max(1_000_000_000_000_000L) Long quantity) {
	}

	/** The tenant's billing: plan, period, use against limits, what comes next, what is owed. */
	record Summary(String plan, int planVersion, String status, Instant periodStart, Instant periodEnd,
			List<Entitlements.Usage> usage, Money nextInvoiceEstimate, Instant nextInvoiceAt, Money openBalance,
			boolean paymentMethodSaved) {
	}

}
