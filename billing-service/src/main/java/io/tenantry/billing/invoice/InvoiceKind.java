package io.tenantry.billing.invoice;

/**
 * What an invoice is for: a subscription period (invoiced in advance, with the previous
 * period's usage in arrears), a mid-period change, an operator's manual invoice, a credit note
 * (its total below zero: the tenant's credit, taken off its next invoices), or the use of a
 * subscription's last period past its plan, invoiced when the subscription ends.
 */
public enum InvoiceKind {

	PERIOD, PRORATION, MANUAL, CREDIT_NOTE, USAGE

}
