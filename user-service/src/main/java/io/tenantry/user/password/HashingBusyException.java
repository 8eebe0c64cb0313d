package io.tenantry.user.password;

/** Too many password hashes are waiting: the caller should retry shortly (503). */
public class HashingBusyException extends RuntimeException {

	public HashingBusyException() {
		super("Too many sign-in requests at once; retry in a moment");
	}

}
