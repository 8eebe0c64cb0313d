package io.tenantry.billing.plan;

/** The plans a tenant subscribes to; what each costs and allows is in its {@link PlanVersion}s. */
public enum Plan {

	BASIC, PROFESSIONAL, ENTERPRISE;

	/** The plan named {@code name}, or {@code null} when there is none. */
	public static Plan named(String name) {
		for (Plan plan : values()) {
			if (plan.name().equals(name)) {
				return plan;
			}
		}
		return null;
	}

}
