import { type Rule, type SchematicContext, SchematicsException, type Tree, callRule } from '@angular-devkit/schematics';
import { type ProjectDefinition, addRootProvider, readWorkspace } from '@schematics/angular/utility';
import type { NgAddOptions } from './schema';

const PACKAGE = 'ngx-live-socket';
const ALLOWED_SCHEMES = ['ws:', 'wss:', 'http:', 'https:'];

/**
 * `ng add ngx-live-socket`: adds `provideWebSocket({ url }, withReconnect())` to the application's root
 * providers (`app.config.ts` of a standalone app, the root NgModule otherwise).
 *
 * `withReconnect()` is added because a connection that stays down after the first server restart is what
 * nobody wants; it never retries the app's own `close()` or an auth refusal, so it is safe with any server.
 * `withHeartbeat()` only comes with `--heartbeat`: it needs a server that answers pings, and would drop
 * quiet connections to one that does not.
 *
 * Running it again changes nothing once `provideWebSocket(` is called anywhere in the application's sources.
 */
export function ngAdd(options: NgAddOptions): Rule {
  return async (tree: Tree, context: SchematicContext) => {
    const url = checkUrl(options.url);
    const application = await findApplication(tree, options.project);
    const existing = findExistingSetup(tree, application.definition);
    if (existing !== null) {
      context.logger.info(`${PACKAGE} is already set up in ${existing} (it calls provideWebSocket); nothing to change.`);
      return;
    }
    const features = options.heartbeat ? ['withReconnect', 'withHeartbeat'] : ['withReconnect'];
    const rule = addRootProvider(application.name, ({ code, external }) => {
      // Symbols are imported in the order they are named here.
      const provideWebSocket = external('provideWebSocket', PACKAGE);
      const calls = features.map((feature) => `${external(feature, PACKAGE)}()`).join(', ');
      return code`${provideWebSocket}({ url: ${quote(url)} }, ${calls})`;
    });
    const written = `provideWebSocket({ url: ${quote(url)} }, ${features.map((feature) => `${feature}()`).join(', ')})`;
    try {
      await runRule(rule, tree, context);
    } catch (cause) {
      throw new SchematicsException(
        `Could not add provideWebSocket() to the providers of project "${application.name}": ${describe(cause)}\n` +
          `Add it by hand to your application providers: ${written}, imported from '${PACKAGE}'.`,
      );
    }
    context.logger.info(`Added ${written} to project "${application.name}".`);
  };
}

function checkUrl(url: unknown): string {
  const allowed = `use a ws:, wss:, http: or https: URL, or a path such as /live`;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new SchematicsException(`Invalid --url ${JSON.stringify(url)}: ${allowed}.`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://host.invalid/');
  } catch {
    throw new SchematicsException(`Invalid --url "${url}": it is not a URL; ${allowed}.`);
  }
  if (!ALLOWED_SCHEMES.includes(parsed.protocol)) {
    throw new SchematicsException(`Invalid --url "${url}": the scheme ${parsed.protocol} is not allowed; ${allowed}.`);
  }
  if (parsed.hash !== '') {
    throw new SchematicsException(`Invalid --url "${url}": a WebSocket URL cannot have a #fragment.`);
  }
  return url;
}

async function findApplication(tree: Tree, requested: string | undefined): Promise<{ name: string; definition: ProjectDefinition }> {
  let workspace: Awaited<ReturnType<typeof readWorkspace>>;
  try {
    workspace = await readWorkspace(tree);
  } catch (cause) {
    throw new SchematicsException(`ng add ${PACKAGE} must run in an Angular workspace (with an angular.json): ${describe(cause)}`);
  }
  const applications = [...workspace.projects].filter(([, project]) => project.extensions['projectType'] === 'application').map(([name]) => name);
  const listed = applications.length === 0 ? 'none' : applications.join(', ');
  if (requested !== undefined) {
    const definition = workspace.projects.get(requested);
    if (definition === undefined) {
      throw new SchematicsException(`Project "${requested}" does not exist in this workspace. Applications: ${listed}. Choose one with --project.`);
    }
    if (definition.extensions['projectType'] !== 'application') {
      throw new SchematicsException(`Project "${requested}" is not an application; ${PACKAGE} is set up in an application. Applications: ${listed}.`);
    }
    return { name: requested, definition };
  }
  if (applications.length !== 1) {
    throw new SchematicsException(
      applications.length === 0
        ? `This workspace has no application to set up ${PACKAGE} in; create one with ng generate application.`
        : `This workspace has several applications (${listed}): choose one with --project.`,
    );
  }
  return { name: applications[0], definition: workspace.projects.get(applications[0])! };
}

/** The first source file of the application that calls `provideWebSocket(` from this package, if any. */
function findExistingSetup(tree: Tree, project: ProjectDefinition): string | null {
  const sourceRoot = project.sourceRoot ?? `${project.root === '' ? '' : `${project.root}/`}src`;
  let found: string | null = null;
  tree.getDir(sourceRoot).visit((path) => {
    if (found !== null || !path.endsWith('.ts') || path.endsWith('.spec.ts')) {
      return;
    }
    const text = tree.readText(path);
    if (/\bprovideWebSocket\s*\(/.test(text) && /from\s+['"]ngx-live-socket['"]/.test(text)) {
      found = path;
    }
  });
  return found;
}

/** Runs a rule to the end on this tree, so that its failure can be caught and explained. */
function runRule(rule: Rule, tree: Tree, context: SchematicContext): Promise<void> {
  return new Promise((resolve, reject) => callRule(rule, tree, context).subscribe({ error: reject, complete: resolve }));
}

/** A TypeScript string literal in single quotes, as Angular's style writes them. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
