// The bench app without zone.js, as the demo runs.
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { benchSocketProviders } from './app-providers';
import { CdBenchComponent } from './cd-bench.component';

bootstrapApplication(CdBenchComponent, { providers: [provideZonelessChangeDetection(), benchSocketProviders()] }).catch((error: unknown) => console.error(error));
