package io.tenantry.billing.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.payment.PaymentMethods;
import io.tenantry.billing.plan.Plan;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's subscription, as the tenant manages it: owners and billing admins subscribe,
 * upgrade, downgrade and cancel; admins read. {@code GET /api/billing/subscription} stays as
 * "my subscription".
 */
@RestController
@RequestMapping("/api/billing/subscriptions")
class SubscriptionController {

	private final Subscriptions subscriptions;

	private final PaymentMethods paymentMethods;

	private final TransactionTemplate transactions;

	SubscriptionController(Subscriptions subscriptions, PaymentMethods paymentMethods,
			TransactionTemplate transactions) {
		this.subscriptions = subscriptions;
		this.paymentMethods = paymentMethods;
		this.transactions = transactions;
	}

	@PostMapping
	@PreAuthorize("hasAnyRole('OWNER', 'BILLING_ADMIN')")
	@Operation(summary = "Subscribes the tenant: plan, interval (MONTHLY or YEARLY), an optional trial",
			description = "For a tenant without a live subscription (a new one, or one that canceled); 409 while one is "
					+ "live (change it with PUT) or when a trial is asked for a second time. A trial lasts "
					+ "tenantry.billing.trial-period (14 days) and is invoiced when it ends. paymentMethodId (pm_...) is "
					+ "saved at the provider as PUT /api/billing/subscription/payment-method does.")
	ResponseEntity<SubscriptionView> subscribe(@Valid @RequestBody NewSubscription request) {
		Choice choice = choice(request.plan(), request.interval());
		UUID tenant = TenantContext.requireTenantId();
		SubscriptionView view = this.transactions.execute((tx) -> this.subscriptions.subscribe(tenant, choice.plan(),
				choice.interval(), Boolean.TRUE.equals(request.trial())));
		if (request.paymentMethodId() != null) {
			this.paymentMethods.save(request.paymentMethodId());
			view = this.transactions.execute((tx) -> this.subscriptions.get(tenant));
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(view);
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "The tenant's subscriptions (one: the current or last one)")
	List<SubscriptionView> list() {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> List.of(this.subscriptions.get(tenant)));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "One subscription of the tenant")
	SubscriptionView get(@PathVariable UUID id) {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> this.subscriptions.get(tenant, id));
	}

	@GetMapping("/{id}/preview")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "What changing to plan and interval would do, without doing it",
			description = "change: UPGRADE (now; lines credit the unused time of the current plan and charge the new "
					+ "one, prorated to the second), DOWNGRADE (at the period's end; violations lists each limit the "
					+ "tenant's use exceeds on the new plan) or NONE.")
	Subscriptions.Preview preview(@PathVariable UUID id, @RequestParam(required = false) String plan,
			@RequestParam(required = false) String interval) {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> {
			SubscriptionView current = this.subscriptions.get(tenant, id);
			Choice choice = choice((plan != null) ? plan : current.plan(),
					(interval != null) ? interval : current.interval());
			return this.subscriptions.preview(tenant, id, choice.plan(), choice.interval());
		});
	}

	@PutMapping("/{id}")
	@PreAuthorize("hasAnyRole('OWNER', 'BILLING_ADMIN')")
	@Operation(summary = "Changes the plan or interval",
			description = "An upgrade (a higher plan, or yearly instead of monthly) takes effect now and is invoiced "
					+ "prorated to the second; a downgrade takes effect at the period's end, and is refused (409, "
					+ "violations) while the tenant uses more than the new plan allows. The current plan and interval "
					+ "take back a scheduled downgrade or cancellation.")
	SubscriptionView change(@PathVariable UUID id, @Valid @RequestBody Change request) {
		Choice choice = choice(request.plan(), request.interval());
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions
			.execute((tx) -> this.subscriptions.change(tenant, id, choice.plan(), choice.interval()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasAnyRole('OWNER', 'BILLING_ADMIN')")
	@Operation(summary = "Cancels at the period's end, or now with immediately=true",
			description = "Now: a paid period's unused time is credited (a credit note, kept as the tenant's credit "
					+ "for later invoices); an open period invoice is replaced by one for the time used.")
	SubscriptionView cancel(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean immediately) {
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> this.subscriptions.cancel(tenant, id, immediately));
	}

	private static Choice choice(String plan, String interval) {
		List<FieldError> errors = new ArrayList<>();
		Plan named = Plan.named(plan);
		if (named == null) {
			errors.add(new FieldError("plan", "must be one of BASIC, PROFESSIONAL, ENTERPRISE"));
		}
		Interval every = (interval == null) ? Interval.MONTHLY : Interval.named(interval);
		if (every == null) {
			errors.add(new FieldError("interval", "must be MONTHLY or YEARLY"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return new Choice(named, every);
	}

	private record Choice(Plan plan, Interval interval) {
	}

	record NewSubscription(@NotNull String plan, String interval,
			@Pattern(regexp = "pm_[A-Za-z0-9_]{1,200}", message = "must be a payment method id (pm_...)") String paymentMethodId,
			Boolean trial) {
	}

	record Change(@NotNull String plan, String interval) {
	}

}
