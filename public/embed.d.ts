// Types of public/embed.js, the kyc-widget embed script (window.KycWidget).

/** An event the widget posts to the embedding page. */
export interface KycWidgetEvent {
  source: 'kyc-widget';
  type: 'ready' | 'step' | 'image_accepted' | 'image_rejected' | 'submitted' | 'complete' | 'error' | 'cancel';
  session_id: string;
  /** For `step`: the screen (`consent`, `document_front`, `document_back`, `selfie`, `processing`, ...). */
  step?: string;
  /** For image events. */
  image_type?: 'document_front' | 'document_back' | 'selfie';
  /** For `image_rejected`: why (`blur`, `glare`, ...). */
  feedback?: string;
  /** For `complete`: the final status. */
  status?: 'pending' | 'capturing' | 'processing' | 'recapture' | 'complete' | 'error' | 'expired';
  /** For `complete` and a final `error`: where the service would send the customer. */
  redirect_url?: string;
  /** For `error`: a machine-readable reason. */
  error?: string;
}

export interface KycWidgetOptions {
  /** The session's `session_url` from `POST /api/v1/verification`. */
  url: string;
  /** The frame's (and dialog's) accessible name; default "Identity verification". */
  title?: string;
  /** CSS height of the frame; default 720px (inline). */
  height?: string;
  /** Every event, from the widget's origin only. */
  onEvent?: (event: KycWidgetEvent) => void;
  /** The session reached its final status. */
  onComplete?: (event: KycWidgetEvent) => void;
  /** The customer left the flow (the session stays open). */
  onCancel?: (event: KycWidgetEvent) => void;
  /** The widget cannot go on. */
  onError?: (event: KycWidgetEvent) => void;
}

export interface KycWidgetModalOptions extends KycWidgetOptions {
  /** The close button's accessible name; default "Close". */
  closeLabel?: string;
  /** The dialog was closed (close button, Escape or `close()`); focus is back where it was. */
  onClose?: () => void;
}

export interface KycWidgetMounted {
  iframe: HTMLIFrameElement;
  /** Removes the frame and stops listening. */
  destroy(): void;
}

export interface KycWidgetModal {
  iframe: HTMLIFrameElement;
  dialog: HTMLDialogElement;
  /** Closes the dialog and returns focus to the element that had it. */
  close(): void;
}

export interface KycWidgetApi {
  /** Mounts the widget in an element (or the first element matching a selector). */
  mount(target: Element | string, options: KycWidgetOptions): KycWidgetMounted;
  /** Opens the widget as a modal dialog. */
  open(options: KycWidgetModalOptions): KycWidgetModal;
  version: string;
}

declare global {
  interface Window {
    KycWidget: KycWidgetApi;
  }
}
