import { describeFailure } from './describe-failure';

describe('describeFailure', () => {
  it('names the SDK error and cuts out every credential value', () => {
    const error = Object.assign(new Error('bad key AKIAEXAMPLE signed with wJalrSECRET'), {
      name: 'UnrecognizedClientException',
    });
    expect(describeFailure(error, ['AKIAEXAMPLE', 'wJalrSECRET', ''])).toBe(
      'UnrecognizedClientException: bad key [redacted] signed with [redacted]',
    );
  });

  it('leaves a plain error message as it is', () => {
    expect(describeFailure(new Error('socket hang up'), [])).toBe('socket hang up');
  });
});
