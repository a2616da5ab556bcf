import { NotifyClient } from 'notifications-node-client';
import { MailMessage, MailReceipt, MailTransport } from './mail-transport';

/** How long one request to Notify may take before the attempt counts as failed (the outbox retries). */
const TIMEOUT_MS = 30_000;

/**
 * GOV.UK Notify, the service NHS bodies and councils already use. Notify sends from a template:
 * ours is one generic email template whose subject is `((subject))` and whose body is `((body))`
 * (NOTIFY_TEMPLATE_ID), so every email the features build goes out unchanged, as its plain-text
 * part; Notify makes its own HTML from it. A rejection (4xx, 5xx, timeout) is a failed delivery.
 */
export class NotifyMailTransport extends MailTransport {
  private readonly client: NotifyClient;

  constructor(
    apiKey: string,
    private readonly templateId: string,
    baseUrl?: string,
  ) {
    super();
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`GOV.UK Notify did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    try {
      const response = await Promise.race([this.client.sendEmail(this.templateId, message.to, { personalisation: { subject: message.subject, body: message.text } }), timeout]);
      return { messageId: String(response.data.id) };
    } catch (error) {
      throw new Error(notifyError(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Notify's own words for a refusal (e.g. "BadRequestError: Missing personalisation: body"), for the outbox's lastError. */
function notifyError(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: { errors?: Array<{ error?: string; message?: string }> } } }).response;
  const first = response?.data?.errors?.[0];
  if (response?.status) return `GOV.UK Notify answered ${response.status}${first ? `: ${first.error ?? ''} ${first.message ?? ''}`.trimEnd() : ''}`;
  return `GOV.UK Notify could not be reached: ${error instanceof Error ? error.message : String(error)}`;
}
