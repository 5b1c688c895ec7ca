export type Route = 'arena' | 'leaderboard' | 'research' | 'organize';

export const ROUTE_HREFS: Record<Route, string> = {
  arena: '#/',
  leaderboard: '#/leaderboard',
  research: '#/research',
  organize: '#/organize',
};

function routeFromHash(hash: string): Route {
  const path = (hash.replace(/^#/, '').split('?')[0] ?? '').replace(/\/$/, '');
  if (path === '/leaderboard') return 'leaderboard';
  if (path === '/organize') return 'organize';
  return path === '/research' ? 'research' : 'arena';
}

/**
 * Hash routing: `#/` is the rater page, `#/leaderboard` the leaderboard, `#/research` the researcher page, `#/organize`
 * the organizer page; anything else falls back to the rater page.
 */
class Router {
  route = $state<Route>(routeFromHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = routeFromHash(location.hash);
    });
  }
}

export const router = new Router();
