package io.tenantry.billing.invoice;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import org.springframework.stereotype.Component;

/**
 * An invoice as a PDF document, with what an accountant looks for: the seller (with its tax
 * id) and the buyer, the number and kind (invoice or credit note), the issue date, the
 * service period and the due or paid date, each line (description, period, quantity, unit
 * price, amount), the subtotal, the tax line with its rate, the total, the credit applied and
 * the amount due, all in the invoice's currency with its ISO code. Drawn with OpenPDF's
 * standard Helvetica, so no font file is needed.
 */
@Component
class InvoicePdf {

	private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);

	private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);

	private static final Font TEXT = FontFactory.getFont(FontFactory.HELVETICA, 9);

	private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 8, Color.DARK_GRAY);

	private final InvoiceProperties properties;

	InvoicePdf(InvoiceProperties properties) {
		this.properties = properties;
	}

	byte[] render(InvoiceView invoice, String buyerId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Document document = new Document(PageSize.A4, 48, 48, 48, 48);
		PdfWriter.getInstance(document, out);
		boolean creditNote = InvoiceKind.CREDIT_NOTE.name().equals(invoice.kind());
		document.addTitle((creditNote ? "Credit note " : "Invoice ") + invoice.number());
		document.addCreator("Tenantry billing-service");
		document.open();
		document.add(new Paragraph(creditNote ? "CREDIT NOTE" : "INVOICE", TITLE));
		document.add(new Paragraph(" ", TEXT));

		PdfPTable parties = table(new float[] { 1, 1 });
		parties.addCell(block("Seller", seller()));
		parties.addCell(block("Bill to", ((invoice.buyerName() != null) ? invoice.buyerName() : "Tenant") + "\n"
				+ "Customer id: " + buyerId));
		document.add(parties);
		document.add(new Paragraph(" ", TEXT));

		PdfPTable facts = table(new float[] { 1, 2 });
		fact(facts, creditNote ? "Credit note number" : "Invoice number", invoice.number());
		fact(facts, "Issue date", date(invoice.issuedAt()));
		fact(facts, "Service period", date(invoice.periodStart()) + " to " + date(invoice.periodEnd()));
		if (invoice.plan() != null) {
			fact(facts, "Plan", invoice.plan() + ((invoice.interval() != null)
					? " (" + invoice.interval().toLowerCase(Locale.ROOT) + ")" : ""));
		}
		fact(facts, "Status", invoice.status() + ((invoice.paidAt() != null) ? ", paid " + date(invoice.paidAt())
				: "OPEN".equals(invoice.status()) ? ", due on receipt" : ""));
		fact(facts, "Currency", invoice.currency().toUpperCase(Locale.ROOT));
		document.add(facts);
		document.add(new Paragraph(" ", TEXT));

		PdfPTable lines = table(new float[] { 5, 2.4f, 1, 1.6f, 1.6f });
		for (String heading : new String[] { "Description", "Period", "Qty", "Unit price", "Amount" }) {
			PdfPCell cell = new PdfPCell(new Phrase(heading, BOLD));
			cell.setBackgroundColor(new Color(235, 235, 235));
			cell.setHorizontalAlignment(heading.equals("Description") || heading.equals("Period") ? Element.ALIGN_LEFT
					: Element.ALIGN_RIGHT);
			lines.addCell(cell);
		}
		for (InvoiceLine line : invoice.lines()) {
			lines.addCell(cell(line.description(), Element.ALIGN_LEFT));
			lines.addCell(cell((line.periodStart() != null)
					? date(line.periodStart()) + " to " + date(line.periodEnd()) : "", Element.ALIGN_LEFT));
			lines.addCell(cell(Long.toString(line.quantity()), Element.ALIGN_RIGHT));
			lines.addCell(cell(money(line.unitAmount(), invoice.currency()), Element.ALIGN_RIGHT));
			lines.addCell(cell(money(line.amount(), invoice.currency()), Element.ALIGN_RIGHT));
		}
		document.add(lines);
		document.add(new Paragraph(" ", TEXT));

		PdfPTable totals = table(new float[] { 4, 1.6f });
		totals.setWidthPercentage(50);
		totals.setHorizontalAlignment(Element.ALIGN_RIGHT);
		total(totals, "Subtotal", money(invoice.subtotal(), invoice.currency()), TEXT);
		total(totals, "Tax (" + percent(invoice.taxRate()) + "%)", money(invoice.tax(), invoice.currency()), TEXT);
		total(totals, "Total " + invoice.currency().toUpperCase(Locale.ROOT), money(invoice.total(), invoice.currency()),
				BOLD);
		if (invoice.creditApplied() != 0) {
			total(totals, "Credit applied", money(-invoice.creditApplied(), invoice.currency()), TEXT);
		}
		total(totals, "Amount due", money(invoice.amountDue(), invoice.currency()), BOLD);
		document.add(totals);
		if (invoice.memo() != null) {
			document.add(new Paragraph(" ", TEXT));
			document.add(new Paragraph("Note: " + invoice.memo(), TEXT));
		}
		document.add(new Paragraph(" ", TEXT));
		document.add(new Paragraph("Amounts in " + invoice.currency().toUpperCase(Locale.ROOT)
				+ ". Questions about this document: " + this.properties.sellerEmail(), SMALL));
		document.close();
		return out.toByteArray();
	}

	private String seller() {
		StringBuilder text = new StringBuilder(this.properties.sellerName());
		this.properties.sellerAddress().forEach((line) -> text.append('\n').append(line));
		if (!this.properties.sellerTaxId().isBlank()) {
			text.append("\nTax id: ").append(this.properties.sellerTaxId());
		}
		return text.append('\n').append(this.properties.sellerEmail()).toString();
	}

	/** {@code amount} minor units as the currency writes them: 12345 usd is 123.45. */
	static String money(long amount, String currency) {
		int digits = Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
		return BigDecimal.valueOf(amount, digits).toPlainString();
	}

	private static String percent(BigDecimal rate) {
		return (rate != null) ? rate.stripTrailingZeros().toPlainString() : "0";
	}

	private static String date(Instant instant) {
		return (instant != null) ? LocalDate.ofInstant(instant, ZoneOffset.UTC).toString() : "";
	}

	private static PdfPTable table(float[] widths) {
		PdfPTable table = new PdfPTable(widths);
		table.setWidthPercentage(100);
		return table;
	}

	private static PdfPCell block(String heading, String text) {
		PdfPCell cell = new PdfPCell();
		cell.setBorder(Rectangle.NO_BORDER);
		cell.addElement(new Paragraph(heading, BOLD));
		cell.addElement(new Paragraph(text, TEXT));
		return cell;
	}

	private static void fact(PdfPTable table, String name, String value) {
		PdfPCell label = new PdfPCell(new Phrase(name, BOLD));
		label.setBorder(Rectangle.NO_BORDER);
		table.addCell(label);
		PdfPCell cell = new PdfPCell(new Phrase(value, TEXT));
		cell.setBorder(Rectangle.NO_BORDER);
		table.addCell(cell);
	}

	private static PdfPCell cell(String text, int alignment) {
		PdfPCell cell = new PdfPCell(new Phrase(text, TEXT));
		cell.setHorizontalAlignment(alignment);
		return cell;
	}

	private static void total(PdfPTable table, String name, String value, Font font) {
		PdfPCell label = new PdfPCell(new Phrase(name, font));
		label.setBorder(Rectangle.NO_BORDER);
		table.addCell(label);
		PdfPCell cell = new PdfPCell(new Phrase(value, font));
		cell.setBorder(Rectangle.NO_BORDER);
		cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
		table.addCell(cell);
	}

}
