package io.tenantry.billing.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.events.PlanVersionAdded;
import io.tenantry.billing.usage.Metric;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plan catalogue: every signed-in user reads the current plans (prices for each interval,
 * limits, features); a platform operator adds a version of a plan, which new subscribers get.
 */
@RestController
@RequestMapping("/api/billing/plans")
class PlanController {

	/** The largest price a version may carry: ten million in the major unit. */
	static final long MAX_PRICE = 1_000_000_000L;

	private final PlanCatalogue catalogue;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	PlanController(PlanCatalogue catalogue, EventOutbox events, TransactionTemplate transactions) {
		this.catalogue = catalogue;
		this.events = events;
		this.transactions = transactions;
	}

	@GetMapping
	@Operation(summary = "Every plan's current version: price of each interval, limits, features",
			description = "Amounts are in the currency's minor unit (cents). A metric absent from limits is unlimited.")
	List<PlanView> plans() {
		return this.transactions.execute((tx) -> this.catalogue.current().values().stream().map(PlanView::of).toList());
	}

	@GetMapping("/{plan}/versions")
	@Operation(summary = "Every version of a plan, newest first")
	List<PlanView> versions(@PathVariable String plan) {
		Plan named = plan(plan);
		return this.transactions.execute((tx) -> this.catalogue.versions(named).stream().map(PlanView::of).toList());
	}

	@PostMapping("/{plan}/versions")
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('PLATFORM_ADMIN')")
	@Operation(summary = "Adds the next version of a plan (platform operators)",
			description = "New subscribers get it; existing subscribers keep their version until they change plan. "
					+ "limits: metric (users, projects, storage_bytes, api_calls) to its maximum; absent is unlimited. "
					+ "usagePrices: counted metric (api_calls) to {included per month, unitAmount per started block of "
					+ "per units}, invoiced in arrears on the next period's invoice.")
	PlanView addVersion(@PathVariable String plan, @Valid @RequestBody NewVersion request) {
		if (!PlatformTenant.ID.equals(TenantContext.requireTenantId())) {
			throw new AccessDeniedException("Only the platform's operators change the catalogue");
		}
		Plan named = plan(plan);
		List<FieldError> errors = new ArrayList<>();
		Map<String, Long> limits = (request.limits() != null) ? request.limits() : Map.of();
		limits.forEach((metric, limit) -> {
			if (Metric.named(metric) == null) {
				errors.add(new FieldError("limits." + metric, "must be one of " + Metric.names()));
			}
			else if (limit == null || limit < 0) {
				errors.add(new FieldError("limits." + metric, "must be at least 0 (leave it out for no limit)"));
			}
		});
		Map<String, UsagePrice> usagePrices = new java.util.LinkedHashMap<>();
		if (request.usagePrices() != null) {
			request.usagePrices().forEach((metric, price) -> {
				Metric counted = Metric.named(metric);
				if (counted == null || counted.kind() != Metric.Kind.COUNTER) {
					errors.add(new FieldError("usagePrices." + metric, "must be a counted metric: "
							+ Metric.names().stream().filter((m) -> Metric.named(m).kind() == Metric.Kind.COUNTER).toList()));
				}
				else if (price == null) {
					errors.add(new FieldError("usagePrices." + metric, "must not be null"));
				}
				else {
					usagePrices.put(metric, new UsagePrice(price.included(), price.unitAmount(), price.per()));
				}
			});
		}
		if (Set.copyOf(request.features()).size() != request.features().size()) {
			errors.add(new FieldError("features", "must not repeat a feature"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		try {
			return this.transactions.execute((tx) -> {
				PlanVersion version = this.catalogue.add(named, request.currency().toLowerCase(Locale.ROOT),
						request.monthlyPrice(), request.yearlyPrice(), limits, request.features(), usagePrices,
						SecurityContextHolder.getContext().getAuthentication().getName());
				this.events.append(Topics.BILLING, PlanVersionAdded.TYPE, named.name(),
						new PlanVersionAdded(PlatformTenant.ID, named.name(), version.version(), version.currency(),
								version.monthlyPrice(), version.yearlyPrice(), version.limits(), version.features()));
				return PlanView.of(version);
			});
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("Another version of " + named + " was added at the same time; try again");
		}
	}

	private static Plan plan(String name) {
		Plan plan = Plan.named(name);
		if (plan == null) {
			throw new InvalidRequestException("plan", "must be one of BASIC, PROFESSIONAL, ENTERPRISE");
		}
		return plan;
	}

	/** A plan version as the API shows it. */
	record PlanView(String plan, int version, Money monthlyPrice, Money yearlyPrice, Map<String, Long> limits,
			List<String> features, Map<String, UsagePrice> usagePrices) {

		static PlanView of(PlanVersion version) {
			return new PlanView(version.plan().name(), version.version(),
					Money.of(version.monthlyPrice(), version.currency()),
					Money.of(version.yearlyPrice(), version.currency()), version.limits(), version.features(),
					version.usagePrices());
		}

	}

	record NewVersion(@NotNull @Pattern(regexp = "[A-Za-z]{3}", message = "must be an ISO 4217 code") String currency,
			@NotNull @PositiveOrZero @Max(MAX_PRICE) Long monthlyPrice,
			@NotNull @PositiveOrZero @Max(MAX_PRICE) Long yearlyPrice, Map<String, Long> limits,
			@NotNull @NotEmpty @Size(max = 50) List<@NotNull @Pattern(regexp = "[a-z][a-z0-9_]{0,63}",
					message = "must be lower-case letters, digits and _") String> features,
			Map<String, UsagePriceRequest> usagePrices) {
	}

	record UsagePriceRequest(@NotNull @PositiveOrZero Long included, @NotNull @PositiveOrZero @Max(MAX_PRICE) Long unitAmount,
			@NotNull @Positive Long per) {
	}

}
