/** One email, ready to send: plain text plus simple HTML (already escaped by whoever built it). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where it went: the SMTP server's message id, or the file it was written to. */
export interface MailReceipt {
  messageId: string;
  /** The `.eml` file, for the folder transport. */
  path?: string;
}

/**
 * Delivery of one email. SMTP and the demo folder implement it; GOV.UK Notify could, without any
 * feature noticing. A rejection is a failed delivery (the outbox retries it).
 */
export abstract class MailTransport {
  abstract send(message: MailMessage): Promise<MailReceipt>;
  /** Closes pooled connections on shutdown. */
  close(): void {}
}
