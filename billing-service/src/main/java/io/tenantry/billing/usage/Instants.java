package io.tenantry.billing.usage;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as clients and events write them, refused outside 1970 to 9999 so that
 * no later arithmetic or database conversion overflows.
 */
final class Instants {

	private static final long YEAR_10000 = 253402300800L;

	private Instants() {
	}

	/** The instant {@code text} names, or {@code null} when it names none in range. */
	static Instant parse(String text) {
		if (text == null) {
			return null;
		}
		try {
			Instant instant = Instant.parse(text);
			return (instant.getEpochSecond() >= 0 && instant.getEpochSecond() < YEAR_10000) ? instant : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
