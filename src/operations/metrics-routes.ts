import express, { type Request, type Router } from 'express';
import client from 'prom-client';
import { AppError } from '../platform/errors';
import { metricsRegistry } from '../platform/metrics';
import { sameSecret } from '../platform/same-secret';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A request straight from this machine: loopback socket and no proxy headers. A reverse proxy on
 * the same machine connects from loopback too, so anything it forwards (it adds X-Forwarded-For)
 * does not count as local.
 */
function directFromLoopback(req: Request): boolean {
  const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined || req.get('x-real-ip') !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/**
 * GET /metrics in the Prometheus text format: process-wide counters plus this server's store gauges.
 * Open to `Authorization: Bearer <METRICS_TOKEN>`, or without a token to direct loopback requests.
 */
export function metricsRoutes(options: { token: string | undefined; storeRegistry: client.Registry }): Router {
  const router = express.Router();
  router.get('/metrics', async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!options.token || !token || !sameSecret(token, options.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="frontdesk-metrics"');
        next(
          new AppError(
            'unauthorized',
            options.token
              ? 'Wrong metrics token: send "Authorization: Bearer <METRICS_TOKEN>".'
              : 'METRICS_TOKEN is not set: /metrics answers loopback requests only.',
            401,
          ),
        );
        return;
      }
    } else if (!directFromLoopback(req)) {
      next(new AppError('forbidden', 'Metrics are served to this machine only, or with "Authorization: Bearer <METRICS_TOKEN>".', 403));
      return;
    }
    const registry = client.Registry.merge([metricsRegistry, options.storeRegistry]);
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
