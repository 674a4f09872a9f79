import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, type ElementRef, Injector, afterNextRender, afterRenderEffect, computed, inject, viewChild } from '@angular/core';
import { DEMO_SOCKET } from '../live/demo-socket';
import { ChatStore } from './chat-store';

/** Name limits, as the server checks them (demo/server/README.md); the server's answer is what counts. */
const NAME_MAX_LENGTH = 24;
const TEXT_MAX_LENGTH = 500;

/**
 * Chat: join with a name, talk, see who is online; `@name` mentions are highlighted for the named person.
 * Every text is rendered with interpolation, i.e. as text: markup in a message is shown, never run.
 */
@Component({
  selector: 'app-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <h1>Chat</h1>
    @if (store.name() === null) {
      <p class="lead">Join with a display name. Others can mention you as &#64;name.</p>
      <form class="join" (submit)="join($event, nameInput)">
        <label for="chat-name">Display name</label>
        <div class="row">
          <input
            #nameInput
            id="chat-name"
            name="name"
            autocomplete="nickname"
            required
            [maxLength]="nameMaxLength"
            aria-describedby="chat-name-hint"
            data-testid="chat-name"
          />
          <button type="submit" data-testid="chat-join" [disabled]="store.joining() || !live()">Join</button>
        </div>
        <p id="chat-name-hint" class="hint">Up to {{ nameMaxLength }} letters, digits, _ or -.</p>
      </form>
    } @else {
      <p class="lead">
        You are <strong data-testid="chat-me">{{ store.name() }}</strong>. Mention someone with &#64;name.
      </p>
      @if (!store.joined()) {
        <p class="status" role="status" data-testid="chat-rejoining">
          Rejoining the room once the connection is back. What you send meanwhile is queued.
        </p>
      }
      <div class="room">
        <ol #messageList class="messages" aria-label="Messages" aria-live="polite" data-testid="chat-messages">
          @for (message of store.messages(); track message.id) {
            <li [class.mention]="message.mentionsYou" data-testid="chat-message">
              <div class="meta">
                <span class="from" data-testid="chat-from">{{ message.from }}</span>
                <time [attr.datetime]="message.at | date: 'yyyy-MM-ddTHH:mm:ss'">{{ message.at | date: 'HH:mm' }}</time>
                @if (message.mentionsYou) {
                  <span class="badge" data-testid="chat-mention">mentions you</span>
                }
              </div>
              <p class="text" data-testid="chat-text">{{ message.text }}</p>
            </li>
          } @empty {
            <li class="empty">No messages yet. Say hello!</li>
          }
        </ol>
        <section class="online" aria-labelledby="online-title">
          <h2 id="online-title">Online ({{ store.online().length }})</h2>
          <ul data-testid="chat-online">
            @for (person of store.online(); track person) {
              <li [class.me]="person === store.name()">{{ person }}</li>
            }
          </ul>
        </section>
      </div>
      <form class="compose" (submit)="send($event, textInput)">
        <label for="chat-text">Message</label>
        <div class="row">
          <input #textInput id="chat-text" name="text" autocomplete="off" required [maxLength]="textMaxLength" data-testid="chat-input" />
          <button type="submit" data-testid="chat-send">Send</button>
        </div>
      </form>
      @if (store.unconfirmed() > 0) {
        <p class="hint" data-testid="chat-unconfirmed">{{ store.unconfirmed() }} sent, awaiting the server's confirmation</p>
      }
      @if (store.queued().length > 0) {
        <section class="queued" role="status" aria-labelledby="queued-title" data-testid="chat-queued">
          <h2 id="queued-title">Queued — will be sent when the connection is back</h2>
          <ul>
            @for (text of store.queued(); track $index) {
              <li data-testid="chat-queued-text">{{ text }}</li>
            }
          </ul>
        </section>
      }
    }
    @if (store.problem(); as problem) {
      <p class="problem" role="alert" data-testid="chat-problem">{{ problem }}</p>
    }
  `,
  styleUrl: './chat-page.component.css',
})
export class ChatPageComponent {
  protected readonly store = inject(ChatStore);
  protected readonly nameMaxLength = NAME_MAX_LENGTH;
  protected readonly textMaxLength = TEXT_MAX_LENGTH;
  private readonly socket = inject(DEMO_SOCKET);
  protected readonly live = computed(() => this.socket.state() === 'open');
  private readonly injector = inject(Injector);
  private readonly messageList = viewChild<ElementRef<HTMLElement>>('messageList');
  private readonly textInput = viewChild<ElementRef<HTMLInputElement>>('textInput');

  constructor() {
    // Keep the newest message in view.
    afterRenderEffect(() => {
      this.store.messages();
      const list = this.messageList()?.nativeElement;
      if (list) {
        list.scrollTop = list.scrollHeight;
      }
    });
  }

  protected async join(event: Event, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    if (input.value.trim() === '') {
      return;
    }
    await this.store.join(input.value);
    // The join form is gone: move focus to where the visitor types next, instead of losing it.
    afterNextRender(() => this.textInput()?.nativeElement.focus(), { injector: this.injector });
  }

  protected send(event: Event, input: HTMLInputElement): void {
    event.preventDefault();
    if (input.value.trim() !== '' && this.store.send(input.value)) {
      input.value = '';
    }
    input.focus();
  }
}
