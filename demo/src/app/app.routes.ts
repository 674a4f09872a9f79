import type { Routes } from '@angular/router';
import { ChatPageComponent } from './chat/chat-page.component';
import { CounterPageComponent } from './counter/counter-page.component';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'counter' },
  { path: 'counter', component: CounterPageComponent, title: 'Counter · ngx-live-socket demo' },
  { path: 'chat', component: ChatPageComponent, title: 'Chat · ngx-live-socket demo' },
  { path: '**', redirectTo: 'counter' },
];
