package io.tenantry.billing.invoice;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.billing.plan.Plan;
import io.tenantry.common.jpa.AfterCommit;

import org.springframework.stereotype.Component;

/**
 * Invoices issued and paid, by plan, never tagged by tenant; counted once their transaction
 * commits.
 */
@Component
public class InvoiceMetrics {

	private final Map<Plan, Counter> issued = new EnumMap<>(Plan.class);

	private final Map<Plan, Counter> paid = new EnumMap<>(Plan.class);

	InvoiceMetrics(MeterRegistry meters) {
		for (Plan plan : Plan.values()) {
			this.issued.put(plan, Counter.builder("tenantry.billing.invoices.issued")
				.description("Invoices issued, by plan")
				.tag("plan", plan.name())
				.register(meters));
			this.paid.put(plan, Counter.builder("tenantry.billing.invoices.paid")
				.description("Invoices paid, by plan")
				.tag("plan", plan.name())
				.register(meters));
		}
	}

	void issued(Plan plan) {
		AfterCommit.run(this.issued.get(plan)::increment);
	}

	public void paid(Plan plan) {
		AfterCommit.run(this.paid.get(plan)::increment);
	}

}
