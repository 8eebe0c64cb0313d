package io.tenantry.user.account;

import io.tenantry.common.web.ConflictException;

/** A status change the account's state machine does not allow (409). */
class IllegalStatusChangeException extends ConflictException {

	IllegalStatusChangeException(AccountStatus from, AccountStatus to) {
		super("A user cannot go from " + from + " to " + to
				+ (from == AccountStatus.INVITED ? "; an invited user becomes ACTIVE by setting a password" : ""));
	}

}
