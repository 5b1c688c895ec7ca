export type Route = 'arena' | 'leaderboard';

export const ROUTE_HREFS: Record<Route, string> = { arena: '#/', leaderboard: '#/leaderboard' };

function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  return path === '/leaderboard' || path === '/leaderboard/' ? 'leaderboard' : 'arena';
}

/** Hash routing: `#/` is the rater page, `#/leaderboard` the leaderboard; anything else falls back to the rater page. */
class Router {
  route = $state<Route>(routeFromHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = routeFromHash(location.hash);
    });
  }
}

export const router = new Router();
