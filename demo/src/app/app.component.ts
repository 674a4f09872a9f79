import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ConnectionPanelComponent } from './connection/connection-panel.component';

/** The shell: navigation, the current page, and the connection panel on every page. */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionPanelComponent],
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event, main)">Skip to content</a>
    <header class="topbar">
      <span class="brand">ngx-live-socket <span class="tag">demo</span></span>
      <nav aria-label="Demo pages">
        <a routerLink="/counter" routerLinkActive="active" ariaCurrentWhenActive="page">Counter</a>
        <a routerLink="/chat" routerLinkActive="active" ariaCurrentWhenActive="page">Chat</a>
      </nav>
    </header>
    <div class="layout">
      <main #main id="main" tabindex="-1">
        <router-outlet />
      </main>
      <app-connection-panel />
    </div>
  `,
  styleUrl: './app.component.css',
})
export class AppComponent {
  /** A fragment link would make the router leave the page (the base href is "/"): move focus instead. */
  protected skipToMain(event: Event, main: HTMLElement): void {
    event.preventDefault();
    main.focus();
  }
}
