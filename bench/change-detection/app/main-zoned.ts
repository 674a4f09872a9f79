// The bench app with zone.js, as apps that have not gone zoneless run.
import 'zone.js';
import { provideZoneChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { benchSocketProviders } from './app-providers';
import { CdBenchComponent } from './cd-bench.component';

bootstrapApplication(CdBenchComponent, { providers: [provideZoneChangeDetection(), benchSocketProviders()] }).catch((error: unknown) => console.error(error));
