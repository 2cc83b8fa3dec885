// natural's classifier and stemmer index files load every classifier and stemmer it has (about half
// a second); these are the single modules Frontdesk uses, typed from those indexes.
declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  import { BayesClassifier } from 'natural/lib/natural/classifiers';
  export = BayesClassifier;
}

declare module 'natural/lib/natural/classifiers/logistic_regression_classifier' {
  import { LogisticRegressionClassifier } from 'natural/lib/natural/classifiers';
  export = LogisticRegressionClassifier;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  import { PorterStemmer } from 'natural/lib/natural/stemmers';
  export = PorterStemmer;
}
