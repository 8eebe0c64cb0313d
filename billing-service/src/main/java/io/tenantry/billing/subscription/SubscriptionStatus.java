package io.tenantry.billing.subscription;

import java.util.EnumSet;
import java.util.Set;

/**
 * A subscription's states and the moves between them. TRIALING until the trial ends, ACTIVE
 * while paid, PAST_DUE once a payment failed and is being retried, UNPAID once every retry
 * failed (the tenant is suspended until it pays), CANCELED when it ended. Every change of
 * state goes through {@link #canBecome}; the store only persists what it allows.
 */
public enum SubscriptionStatus {

	TRIALING, ACTIVE, PAST_DUE, UNPAID, CANCELED;

	private Set<SubscriptionStatus> next() {
		return switch (this) {
			case TRIALING -> EnumSet.of(ACTIVE, PAST_DUE, CANCELED);
			case ACTIVE -> EnumSet.of(PAST_DUE, CANCELED);
			case PAST_DUE -> EnumSet.of(ACTIVE, UNPAID, CANCELED);
			case UNPAID -> EnumSet.of(ACTIVE, CANCELED);
			case CANCELED -> EnumSet.of(ACTIVE, TRIALING);
		};
	}

	boolean canBecome(SubscriptionStatus status) {
		return next().contains(status);
	}

	/** Whether the tenant is served and billed (a canceled subscription is neither). */
	boolean live() {
		return this != CANCELED;
	}

	/** Whether a payment is owed and failing. */
	boolean delinquent() {
		return this == PAST_DUE || this == UNPAID;
	}

}
