export type Route = 'arena' | 'leaderboard' | 'research';

export const ROUTE_HREFS: Record<Route, string> = { arena: '#/', leaderboard: '#/leaderboard', research: '#/research' };

function routeFromHash(hash: string): Route {
  const path = (hash.replace(/^#/, '').split('?')[0] ?? '').replace(/\/$/, '');
  if (path === '/leaderboard') return 'leaderboard';
  return path === '/research' ? 'research' : 'arena';
}

/**
 * Hash routing: `#/` is the rater page, `#/leaderboard` the leaderboard, `#/research` the researcher page; anything
 * else falls back to the rater page.
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
