import { createHmac } from 'node:crypto';
import { answerCrc } from '../../../src/channels/x/crc';

const SECRET = 'test-consumer-secret';

describe('answerCrc', () => {
  test('when X sends a crc_token, then the answer is sha256= and the base64 HMAC of the token with the consumer secret', () => {
    const res = answerCrc({ method: 'GET', query: { crc_token: 'challenge-123' } }, [SECRET, 'older-secret']);
    const expected = `sha256=${createHmac('sha256', SECRET).update('challenge-123').digest('base64')}`;
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual({ response_token: expected });
  });

  test('when the token is missing, then it answers 400', () => {
    const res = answerCrc({ method: 'GET', query: {} }, [SECRET]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('missing_crc_token');
  });

  test('when the token is repeated, then it answers 400 rather than picking one', () => {
    expect(answerCrc({ method: 'GET', query: { crc_token: ['a', 'b'] } }, [SECRET]).status).toBe(400);
  });

  test('when the method is not GET, then it answers 405', () => {
    expect(answerCrc({ method: 'POST', query: { crc_token: 'a' } }, [SECRET]).status).toBe(405);
  });

  test('when no secret is configured, then it answers 503 naming the variable', () => {
    const res = answerCrc({ method: 'GET', query: { crc_token: 'a' } }, []);
    expect(res.status).toBe(503);
    expect(res.body).toContain('X_CONSUMER_SECRET');
  });
});
